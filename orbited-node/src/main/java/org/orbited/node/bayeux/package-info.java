/**
 * The Bayeux 1.0 (CometD-compatible) protocol foundation: plain Java, no Netty, no sessions, no transports.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link org.orbited.node.bayeux.ChannelId}: the strict channel grammar, meta/service/broadcast, the
 *       {@code *} and {@code **} patterns, matching and the wildcard ids used for fan-out lookup.</li>
 *   <li>{@link org.orbited.node.bayeux.BayeuxMessage}: an immutable view over one message's fields.</li>
 *   <li>{@link org.orbited.node.bayeux.BayeuxCodec}: request bytes to messages under named limits, replies to
 *       UTF-8 JSON bytes; {@link org.orbited.node.bayeux.BayeuxParseException} for bodies that are not Bayeux.</li>
 *   <li>{@link org.orbited.node.bayeux.BayeuxError}: the one catalog of Bayeux error strings and their advice;
 *       {@link org.orbited.node.bayeux.BayeuxValidation} maps message-level problems onto it.</li>
 *   <li>{@link org.orbited.node.bayeux.Advice} and {@link org.orbited.node.bayeux.BayeuxDefaults}: the advice
 *       model and the configuration defaults (section 11 of the Bayeux reference).</li>
 *   <li>{@link org.orbited.node.bayeux.BridgeChannelNames}: the reversible escape of IRC and XMPP room names
 *       into channel segments.</li>
 * </ul>
 *
 * <h2>What comes next</h2>
 * The endpoint ({@code /cometd}, its sub-paths and JSONP), the transports ({@code long-polling},
 * {@code callback-polling}, {@code websocket}) as Netty handlers that only move bytes through this codec, and the
 * sessions, subscriptions, queues and meta-connect parking in the core, which never imports Netty.
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
