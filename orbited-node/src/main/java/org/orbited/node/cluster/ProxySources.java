package org.orbited.node.cluster;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code [cluster] proxy_from}: the addresses (the gateway's) whose connections must start with a PROXY v2 header.
 * Matching is Netty's {@link IpSubnetFilterRule} (CIDR, IPv4 and IPv6). Immutable; thread-safe.
 */
public final class ProxySources {
    private final List<IpSubnetFilterRule> rules;
    private final List<String> text;

    /** @param ranges numeric addresses or CIDR blocks, already checked by the configuration */
    public ProxySources(List<String> ranges) {
        List<IpSubnetFilterRule> r = new ArrayList<>();
        for (String range : ranges) {
            int slash = range.indexOf('/');
            String address = slash < 0 ? range : range.substring(0, slash);
            int bits = slash < 0 ? (address.contains(":") ? 128 : 32) : Integer.parseInt(range.substring(slash + 1));
            r.add(new IpSubnetFilterRule(address, bits, IpFilterRuleType.ACCEPT));
        }
        this.rules = List.copyOf(r);
        this.text = List.copyOf(ranges);
    }

    /** True when no source may send a PROXY header (the single node). */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether a connection from {@code peer} must start with a PROXY v2 header. */
    public boolean contains(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress a) || a.getAddress() == null) {
            return false;
        }
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(a)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", text);
    }
}
