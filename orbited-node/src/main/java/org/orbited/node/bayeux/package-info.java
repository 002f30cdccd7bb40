/**
 * The Bayeux 1.0 (CometD-compatible) server: the protocol in plain Java over the core, no Netty.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>The codec: {@link org.orbited.plugin.ChannelId} (the strict channel grammar, meta/service/broadcast,
 *       {@code *} and {@code **}), {@link org.orbited.node.bayeux.BayeuxMessage} (an immutable view over one
 *       message), {@link org.orbited.node.bayeux.BayeuxCodec} (request bytes to messages under named limits,
 *       replies to UTF-8 JSON), {@link org.orbited.node.bayeux.DeliveryFrames} (deliveries framed once per event),
 *       {@link org.orbited.node.bayeux.BayeuxError} (the one catalog of Bayeux error strings and their advice) and
 *       {@link org.orbited.node.bayeux.BayeuxValidation}, {@link org.orbited.node.bayeux.Advice},
 *       {@link org.orbited.plugin.BridgeChannelNames} (the reversible escape of IRC and XMPP room names).</li>
 *   <li>The server over the core, one class per job, wired by {@link org.orbited.node.bayeux.BayeuxServer}:
 *       {@code RequestDispatcher} (a request's messages in order), {@code ClientRegistry} (clients, and who may
 *       act for a clientId), {@code HandshakeHandler}, {@code ConnectHandler} (parking, advice, where deliveries
 *       travel so that order holds), {@code SubscriptionHandler}, {@code PublishHandler}, {@code ChannelAccess}
 *       (policies), {@code Timesync}, {@code ResponseBodies}; the core connections {@code ConnectPoll},
 *       {@code HeldConnect}, {@code SocketStream}; {@link org.orbited.node.bayeux.PluginChannels} for plugins.</li>
 *   <li>The transport contract: {@link org.orbited.node.bayeux.BayeuxRequest},
 *       {@link org.orbited.node.bayeux.BayeuxOutput}, {@link org.orbited.node.bayeux.BayeuxSocket}, implemented by
 *       the Netty handlers of {@code org.orbited.node.bayeux.netty}, which only move bytes; and
 *       {@link org.orbited.node.bayeux.BayeuxSettings}, this package's own settings (it never reads the
 *       configuration file's types).</li>
 * </ul>
 *
 * <h2>Decisions (reference section 10) already encoded here</h2>
 * <ul>
 *   <li>A body may be one object or an array; replies are always one UTF-8 array
 *       ({@code application/json;charset=UTF-8} is the endpoint's to set). Unparsable, oversized or non-UTF-8
 *       bodies are HTTP errors (400/413), not Bayeux replies.</li>
 *   <li>Strict channel grammar on every message, never a 500: a mid-path wildcard is
 *       {@code 403::subscription_invalid}, a publish to a pattern {@code 405::channel_invalid}.</li>
 *   <li>Deliveries are {@code {"data":…,"channel":…}}: no clientId, no publisher id. Putting deliveries before
 *       replies is the caller's job; the codec writes the list in the order given.</li>
 *   <li>Publish without {@code clientId} is refused ({@code 402::session_unknown}); no common connection type
 *       is {@code 301::connection_type_unsupported} with {@code reconnect:"handshake"}.</li>
 *   <li>CometD's error strings, from one catalog; advice only on handshake and connect replies.</li>
 *   <li>Message ids are 1 to 64 ASCII alphanumerics, echoed verbatim; a JSON number is not an id.</li>
 *   <li>Bridges escape room names (section 10.1) instead of loosening the grammar.</li>
 * </ul>
 */
package org.orbited.node.bayeux;
