package org.orbited.node.transport;

/**
 * What a transport needs from the request to write its response head.
 *
 * @param host        the {@code Host} header (several are joined with {@code ", "}), or null when absent or
 *                    empty; checked to be {@code host[:port]} when the transport {@link Transport#writesHost()}
 * @param allowOrigin the {@code Origin} to echo in CORS headers (modern transports), or null
 */
public record OpenContext(String host, String allowOrigin) {
}
