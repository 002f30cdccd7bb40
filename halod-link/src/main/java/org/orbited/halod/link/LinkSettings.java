package org.orbited.halod.link;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The node side's link configuration.
 *
 * @param gateways         control addresses in order of preference; the first that accepts a connection is used
 * @param token            the shared REGISTER token
 * @param name             this node's unique name
 * @param browser          {@code host:port} for browser connections (REGISTER {@code browser})
 * @param app              {@code host:port} for web-app connections (REGISTER {@code app})
 * @param capacity         REGISTER {@code capacity} (informational)
 * @param connectTimeoutMs per-address connect timeout
 * @param minBackoffMs     first pause between reconnect rounds; doubles per failed round
 * @param maxBackoffMs     the bound of the pause between reconnect rounds
 * @param fenceMs          self-fencing silence used until REGISTERED gives the gateway's value
 */
public record LinkSettings(List<InetSocketAddress> gateways, String token, String name, String browser, String app,
                           long capacity, long connectTimeoutMs, long minBackoffMs, long maxBackoffMs, long fenceMs) {
    public LinkSettings {
        gateways = List.copyOf(gateways);
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(browser, "browser");
        Objects.requireNonNull(app, "app");
        if (gateways.isEmpty() || connectTimeoutMs < 1 || minBackoffMs < 1 || maxBackoffMs < minBackoffMs
                || fenceMs < 1 || capacity < 0) {
            throw new IllegalArgumentException("bad link settings: gateways=" + gateways + " connectTimeoutMs="
                    + connectTimeoutMs + " backoff=" + minBackoffMs + ".." + maxBackoffMs + " fenceMs=" + fenceMs);
        }
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "LinkSettings[gateways=" + gateways + ", name=" + name + ", browser=" + browser + ", app=" + app
                + ", capacity=" + capacity + ", connectTimeoutMs=" + connectTimeoutMs + ", backoff=" + minBackoffMs
                + ".." + maxBackoffMs + " ms, fenceMs=" + fenceMs + "]";
    }

    /** Settings with the defaults: connect timeout 1 s, backoff 100 ms .. 2 s, fence 600 ms. */
    public static LinkSettings of(List<InetSocketAddress> gateways, String token, String name, String browser,
                                  String app, long capacity) {
        return new LinkSettings(gateways, token, name, browser, app, capacity, 1000, 100, 2000, 600);
    }
}
