/**
 * The Orbited plugin API: every type a plugin sees, in its own artifact ({@code org.orbited:orbited-plugin-api}),
 * which depends only on Jackson databind ({@code JsonNode}, the type of all message data) and the SLF4J API.
 * A plugin compiles against this package alone; {@code orbited-node} implements it and ships it.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>The plugin and what the node gives it: {@link org.orbited.plugin.OrbitedPlugin} (lifecycle, threading),
 *       {@link org.orbited.plugin.PluginContext}, {@link org.orbited.plugin.ServerChannels} with its callbacks
 *       {@link org.orbited.plugin.ChannelListener}, {@link org.orbited.plugin.SubscriptionListener},
 *       {@link org.orbited.plugin.ServiceHandler} and their values {@link org.orbited.plugin.PublishedMessage},
 *       {@link org.orbited.plugin.Origin}, {@link org.orbited.plugin.SubscriptionEvent},
 *       {@link org.orbited.plugin.ServiceRequest}, {@link org.orbited.plugin.Registration}.</li>
 *   <li>{@link org.orbited.plugin.SecurityPolicy}: who may handshake, subscribe and publish.</li>
 *   <li>Channel names: {@link org.orbited.plugin.ChannelId} (the one Bayeux channel grammar, which the node's
 *       server and configuration use too) and {@link org.orbited.plugin.BridgeChannelNames} (the reversible
 *       escape of IRC and XMPP room names into channel segments).</li>
 * </ul>
 *
 * <p>Registration is by {@link java.util.ServiceLoader}: {@code META-INF/services/org.orbited.plugin.OrbitedPlugin}
 * and {@code META-INF/services/org.orbited.plugin.SecurityPolicy}. The boundary is kept by the build: this
 * module's enforcer rule fails when anything but Jackson and SLF4J reaches its class path, and its
 * {@code ApiBoundaryTest} when a class refers to anything but the JDK, Jackson, SLF4J and this package.
 */
package org.orbited.plugin;
