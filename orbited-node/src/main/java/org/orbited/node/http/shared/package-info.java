/**
 * What every handler on the HTTP port shares: the pipeline's handler names ({@link
 * org.orbited.node.http.shared.PipelineNames}), the plain-text error response ({@link
 * org.orbited.node.http.shared.HttpResponses}, {@link org.orbited.node.http.shared.PlainTextError}), the
 * comet endpoints' error catalog ({@link org.orbited.node.http.shared.HttpError}), the {@link
 * org.orbited.node.http.shared.ReadGate} every handler pauses reading through and the WebSocket handshake rules
 * Netty leaves out ({@link org.orbited.node.http.shared.WebSocketKeyCheck}).
 *
 * <p>Imported by {@code http} (the router), {@code transport.netty} (the comet connections) and {@code bayeux.netty}
 * (the Bayeux endpoint), so that none of those needs another; imports nothing of the node but Netty.
 */
package org.orbited.node.http.shared;
