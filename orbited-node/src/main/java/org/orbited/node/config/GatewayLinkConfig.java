package org.orbited.node.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code [cluster]} keys of the link to a HaloD gateway (docs/cluster-node.md, "Joining a gateway"). Without
 * {@code halod} ({@link #enabled()} false) the node starts no link and nothing about the single node changes.
 *
 * @param gateways      {@code halod}: the gateways' control addresses, {@code host:port} ({@code [v6]:port}), in
 *                      order of preference
 * @param token         the REGISTER token: {@code token} as written, or after loading the text read from
 *                      {@code token_file} / {@code token_env} (trailing whitespace removed). Never printed
 *                      ({@link #toString()} leaves it out)
 * @param tokenFile     {@code token_file}, absolute after loading (relative to the configuration file), or null
 * @param tokenEnv      {@code token_env}: the environment variable holding the token, or empty
 * @param advertiseHost {@code advertise_host}: the host the gateway connects to for both listeners; empty: each
 *                      listener's bind address, 127.0.0.1 for 0.0.0.0 and ::1 for ::
 * @param capacity      {@code capacity}: REGISTER's informational capacity (0: not said)
 */
public record GatewayLinkConfig(List<String> gateways, String token, Path tokenFile, String tokenEnv,
                                String advertiseHost, long capacity) {
    public GatewayLinkConfig {
        gateways = List.copyOf(gateways);
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tokenEnv, "tokenEnv");
        Objects.requireNonNull(advertiseHost, "advertiseHost");
    }

    public static GatewayLinkConfig defaults() {
        return new GatewayLinkConfig(List.of(), "", null, "", "", 0);
    }

    /** A gateway is configured: the node starts the control link. */
    public boolean enabled() {
        return !gateways.isEmpty();
    }

    /**
     * The gateways as socket addresses, unresolved so that each connect round resolves the name again; the
     * entries were checked at load time ({@link ConfigValues#gatewayAddresses}).
     */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String g : gateways) {
            int colon = g.lastIndexOf(':');
            String host = g.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            out.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(g.substring(colon + 1))));
        }
        return out;
    }

    /** The host part of each gateway address (brackets removed). */
    public List<String> hosts() {
        return addresses().stream().map(InetSocketAddress::getHostString).toList();
    }

    public GatewayLinkConfig withGateways(List<String> v) {
        return new GatewayLinkConfig(v, token, tokenFile, tokenEnv, advertiseHost, capacity);
    }

    public GatewayLinkConfig withToken(String v) {
        return new GatewayLinkConfig(gateways, v, tokenFile, tokenEnv, advertiseHost, capacity);
    }

    public GatewayLinkConfig withTokenFile(Path v) {
        return new GatewayLinkConfig(gateways, token, v, tokenEnv, advertiseHost, capacity);
    }

    public GatewayLinkConfig withTokenEnv(String v) {
        return new GatewayLinkConfig(gateways, token, tokenFile, v, advertiseHost, capacity);
    }

    public GatewayLinkConfig withAdvertiseHost(String v) {
        return new GatewayLinkConfig(gateways, token, tokenFile, tokenEnv, v, capacity);
    }

    public GatewayLinkConfig withCapacity(long v) {
        return new GatewayLinkConfig(gateways, token, tokenFile, tokenEnv, advertiseHost, v);
    }

    @Override
    public String toString() {
        return "GatewayLinkConfig[gateways=" + gateways + ", token " + (token.isEmpty() ? "not set" : "set")
                + (tokenFile != null ? " from " + tokenFile : tokenEnv.isEmpty() ? "" : " from $" + tokenEnv)
                + ", advertiseHost=" + advertiseHost + ", capacity=" + capacity + "]";
    }
}
