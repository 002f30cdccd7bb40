package org.orbited.node.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/** Removes hop-by-hop headers (RFC 9110 7.6.1) from a message a proxy is about to forward. */
final class HopByHop {
    // keep-alive and proxy-connection are spelt out: Netty deprecates its constants for them, yet peers send them.
    private static final List<CharSequence> ALWAYS = List.of(
            HttpHeaderNames.CONNECTION, AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"),
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE);

    private HopByHop() {
    }

    /**
     * Strips the fixed hop-by-hop set and every header named in {@code Connection}. {@code Transfer-Encoding},
     * {@code Content-Length} and {@code Host} are kept even when {@code Connection} names them: the proxy
     * preserves message framing and the target host, and a client must not be able to remove them.
     */
    static void strip(HttpHeaders h) {
        for (String value : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !isFraming(name)) {
                    h.remove(name);
                }
            }
        }
        for (CharSequence name : ALWAYS) {
            h.remove(name);
        }
    }

    private static boolean isFraming(String name) {
        return HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name);
    }
}
