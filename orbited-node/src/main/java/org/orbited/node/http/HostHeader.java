package org.orbited.node.http;

import io.netty.util.NetUtil;
import java.util.regex.Pattern;

/**
 * The syntax of a {@code Host} header value (RFC 9110 7.2, {@code uri-host [ ":" port ]}), checked before a
 * transport writes the value into a page ({@code iframe_domain}'s {@code document.domain} script): a host name of
 * dot-separated labels of letters, digits, {@code -} and {@code _} (RFC 1123, plus the underscore that DNS and
 * browsers allow; labels of 1 to 63 characters that neither start nor end with {@code -}; 253 characters in all;
 * one trailing dot allowed), a dotted-quad IPv4 address, or an IPv6 address in brackets with no zone, each
 * followed by an optional {@code :port} of up to five digits no greater than 65535. A name whose labels are all
 * digits must be an IPv4 address. What passes holds only letters, digits, {@code . - _ : [ ]}, so it can never
 * end a script or a JavaScript string.
 *
 * <p>Netty's {@link NetUtil} checks the addresses; its IPv6 check accepts any text after a {@code %} (a zone id),
 * so the characters are checked here first. Plain Java otherwise; thread-safe.
 */
final class HostHeader {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private HostHeader() {
    }

    /** Whether {@code value}, a whole Host header value, is {@code host[:port]} as described above. */
    static boolean isValid(String value) {
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return false;
            }
            String address = value.substring(1, end);
            return IPV6.matcher(address).matches() && NetUtil.isValidIpV6Address(address)
                    && validPortPart(value.substring(end + 1));
        }
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        return (colon < 0 || validPortPart(value.substring(colon))) && validName(name);
    }

    /** Empty, a bare {@code :} (RFC 3986 {@code port = *DIGIT}), or {@code :} and a port of 0 to 65535 in at most five digits. */
    private static boolean validPortPart(String s) {
        if (s.isEmpty() || s.equals(":")) {
            return true;
        }
        String port = s.substring(1);
        return s.charAt(0) == ':' && port.length() <= 5 && DIGITS.matcher(port).matches()
                && Integer.parseInt(port) <= 65535;
    }

    private static boolean validName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        boolean numeric = true;
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
            numeric &= DIGITS.matcher(label).matches();
        }
        return !numeric || NetUtil.isValidIpV4Address(name);
    }
}
