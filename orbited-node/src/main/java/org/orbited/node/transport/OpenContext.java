package org.orbited.node.transport;

/**
 * What a transport needs from the request to write its response head.
 *
 * @param host        the {@code Host} header, or null
 * @param allowOrigin the {@code Origin} to echo in CORS headers (modern transports), or null
 */
public record OpenContext(String host, String allowOrigin) {
}
