package org.orbited.node.http;

import java.util.Objects;

/**
 * One development-proxy route: requests whose path starts with {@code prefix} go to {@code host:port}, or, when
 * {@link #orbited()} is true, are comet locations served by this node. The daemon makes one of each
 * {@code [proxy]} rule, in file order.
 */
public record ProxyRoute(String prefix, String host, int port, boolean orbited) {
    public ProxyRoute {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("proxy prefix must start with '/': " + prefix);
        }
        if (!orbited && (host == null || host.isEmpty() || port <= 0 || port > 65535)) {
            throw new IllegalArgumentException("proxy target needs host and port 1-65535: " + host + ":" + port);
        }
    }

    /** A route that marks {@code prefix} as a comet location ({@code -> ORBITED}). */
    public static ProxyRoute orbited(String prefix) {
        return new ProxyRoute(prefix, null, 0, true);
    }

    public boolean matches(String path) {
        return path.startsWith(prefix);
    }
}
