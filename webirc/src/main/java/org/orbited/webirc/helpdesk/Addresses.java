package org.orbited.webirc.helpdesk;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.ServerChannels;

/**
 * The address a client's per-address limits are counted under: the host part of its
 * {@link ClientInfo#remoteAddress()} ({@code host:port}); for IPv6, its /64 network (one host usually has a whole
 * /64, so counting single IPv6 addresses would limit nothing). A client the node no longer knows counts under
 * {@link #UNKNOWN}. Stateless, any thread; never resolves a name.
 */
final class Addresses {
    /** The key of a client whose address is unknown. */
    static final String UNKNOWN = "?";

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Addresses() {
    }

    /** The address key of {@code clientId}. */
    static String of(ServerChannels channels, String clientId) {
        return channels.client(clientId).map(ClientInfo::remoteAddress).map(Addresses::key).orElse(UNKNOWN);
    }

    /** The address key of {@code host:port}, {@code [v6]:port} or a bare host. */
    static String key(String remoteAddress) {
        String s = remoteAddress.strip();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            return end < 0 ? s : v6Network(s.substring(1, end));
        }
        int first = s.indexOf(':');
        int last = s.lastIndexOf(':');
        if (first < 0) {
            return s.isEmpty() ? UNKNOWN : s;
        }
        if (first == last) {
            return s.substring(0, first);   // IPv4 or name with a port
        }
        // IPv6 without brackets: a trailing port may follow the 8th group ("0:0:0:0:0:0:0:1:1234")
        String[] parts = s.split(":", -1);
        String host = parts.length == 9 ? s.substring(0, last) : s;
        return v6Network(host);
    }

    /** The first four groups of an IPv6 literal ({@code 2001:db8:1:2::/64}); the text itself when not one. */
    private static String v6Network(String host) {
        if (!IPV6.matcher(host).matches()) {
            return host;
        }
        try {
            InetAddress a = InetAddress.getByName(host);   // a literal: never a lookup
            if (!(a instanceof Inet6Address)) {
                return a.getHostAddress();
            }
            byte[] b = Arrays.copyOf(a.getAddress(), 16);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                out.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return out.append(":/64").toString();
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
