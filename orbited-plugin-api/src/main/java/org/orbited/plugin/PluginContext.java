package org.orbited.plugin;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What the node gives a started plugin. Thread-safe.
 */
public interface PluginContext {
    /**
     * This instance's id: the {@code NAME} of its {@code [plugin:NAME]} section, which is the plugin's
     * {@link OrbitedPlugin#name()} ({@code irc}) or that name, a dot and an instance name ({@code irc.oftc}). Two
     * sections of one plugin are two instances, each with its own object, options, thread ({@code plugin-irc.oftc})
     * and status line; the id is the {@link PublishedMessage#pluginName()} of this instance's publications, so two
     * instances hear each other but not themselves.
     */
    String name();

    /** The keys of the plugin's section other than {@code active}, as written (trimmed); never null. */
    Map<String, String> options();

    /**
     * The node's channels: publish, listen, watch subscriptions, answer service requests. Once the plugin has
     * stopped (or failed to start) they are inert: its registrations are cancelled, new ones come back already
     * cancelled, {@code publish} returns 0 and {@code deliver} false, so a late call from a library thread is
     * harmless.
     */
    ServerChannels channels();

    /**
     * The plugin's serial executor: tasks run one at a time, in submission order, on the thread that runs every
     * callback into this plugin ({@code plugin-NAME}). Use it to hand work from a library's own threads back to the
     * plugin's thread. It shares the callbacks' bounded queue: a task submitted while 10,000 are waiting is dropped
     * and counted, not run. A task that throws is logged; the next one runs. Tasks still waiting when the plugin
     * stops are discarded.
     */
    Executor executor();

    /**
     * Adds a security policy scoped to this plugin instance: the node asks it (after its built-in rules and the
     * class-path policies, see {@link SecurityPolicy}) only while this instance is started. It takes effect when
     * {@link OrbitedPlugin#start} returns; it never applies if {@code start} throws or times out; it is removed when
     * the instance stops or when the returned registration is cancelled. Several scoped policies are asked in the
     * order they were added, all must allow. Callable from any thread; never blocks.
     *
     * @return cancels the policy; idempotent
     * @throws NullPointerException when {@code policy} is null
     */
    Registration addSecurityPolicy(SecurityPolicy policy);

    /**
     * Claims part of a reserved bridge namespace ({@code /irc/**}, {@code /xmpp/**}, the roots of
     * {@link BridgeChannelNames}) for this instance. Bayeux clients may subscribe and publish under those roots only
     * where a started instance's claim covers the name (this instance's scoped policies still decide within it); the
     * node refuses everything else there with {@code 403:unclaimed_channel:subscribe_denied} (or
     * {@code publish_denied}). So a bridge that is stopped, inactive or failed to start leaves its namespace closed,
     * not open. A claim is a concrete channel or a pattern ending in {@code /**} ({@code /irc/libera/**}); it covers
     * the channels it matches and client patterns inside it ({@code /irc/libera/*}). Like a scoped policy it takes
     * effect when {@link OrbitedPlugin#start} returns and ends when the instance stops or the registration is
     * cancelled. Callable from any thread; never blocks.
     *
     * @return cancels the claim; idempotent
     * @throws IllegalArgumentException when {@code pattern} is not a valid name under a reserved root, or is a
     *                                  {@code /*} pattern
     */
    Registration claimChannels(String pattern);
}
