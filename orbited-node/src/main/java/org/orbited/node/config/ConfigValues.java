package org.orbited.node.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.orbited.plugin.ChannelId;

/**
 * Parsers for configuration values. Each returns the typed value or throws
 * {@link IllegalArgumentException} whose message names the offending value and what was expected;
 * {@link ConfigLoader} adds the key and the line.
 */
final class ConfigValues {
    /** Transport names that {@code [transport] default} may name (orbit-protocol.md 3.2 and 5). */
    static final Set<String> TRANSPORT_NAMES = Set.of(
            "iframe", "iframe_domain", "iframe_alert", "iframe_raw", "xhr", "xhr_buffered", "raw", "stream",
            "basic", "htmlfile", "xhr_stream", "xhr_multipart", "server_sent_events", "sse", "websocket",
            "long_poll");

    /** Level names accepted by {@code [log] level}: logback's, plus Python's as 0.2/0.3 wrote them. */
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    /** RFC 9110 {@code token} characters, the set a cookie name may use. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** {@code scheme://host[:port]}: an RFC 6454 serialised origin. */
    private static final Pattern ORIGIN =
            Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#@:\\s\\[\\]]+|\\[[0-9A-Fa-f:.]+\\])(?::([0-9]{1,5}))?");
    private static final List<String> SAME_SITE = List.of("Strict", "Lax", "None");

    private ConfigValues() {
    }

    static int port(String v) {
        long n = integer(v, "port");
        if (n < 0 || n > 65535) {
            throw new IllegalArgumentException("port '" + v + "' is out of range 0-65535");
        }
        return (int) n;
    }

    static int nonNegativeInt(String v) {
        long n = nonNegative(v);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + v + "' is too large (maximum " + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }

    static int positiveInt(String v) {
        int n = nonNegativeInt(v);
        if (n == 0) {
            throw new IllegalArgumentException("'" + v + "' must be at least 1");
        }
        return n;
    }

    static long nonNegativeLong(String v) {
        return nonNegative(v);
    }

    /** Zero or more, at most {@code max}. */
    static long atMost(String v, long max) {
        long n = nonNegative(v);
        if (n > max) {
            throw new IllegalArgumentException("'" + v + "' must be at most " + max);
        }
        return n;
    }

    static long positiveLong(String v) {
        long n = nonNegative(v);
        if (n == 0) {
            throw new IllegalArgumentException("'" + v + "' must be at least 1");
        }
        return n;
    }

    /** Whole seconds, zero or more. */
    static Duration seconds(String v) {
        return Duration.ofSeconds(nonNegative(v));
    }

    /** {@code 0/1/true/false/yes/no/on/off}, any case. */
    static boolean bool(String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1": case "true": case "yes": case "on":
                return true;
            case "0": case "false": case "no": case "off":
                return false;
            default:
                throw new IllegalArgumentException("'" + v + "' is not a boolean (use 0/1, true/false, yes/no, on/off)");
        }
    }

    static String nonEmpty(String v) {
        if (v.isBlank()) {
            throw new IllegalArgumentException("value must not be empty");
        }
        return v.trim();
    }

    static String transportName(String v) {
        String name = v.trim();
        if (!TRANSPORT_NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown transport '" + v + "' (known: "
                    + String.join(", ", TRANSPORT_NAMES.stream().sorted().toList()) + ")");
        }
        return name;
    }

    /**
     * {@code [global] io.transport}: one of {@link NodeConfig#IO_TRANSPORTS}, as written (trimmed). Whether this
     * machine can run the choice is checked at start, not here: {@code check-config} may run on another machine.
     */
    static String ioTransport(String v) {
        String name = v.trim();
        if (!NodeConfig.IO_TRANSPORTS.contains(name)) {
            throw new IllegalArgumentException("unknown I/O transport '" + name + "' (one of "
                    + String.join(", ", NodeConfig.IO_TRANSPORTS) + ")");
        }
        return name;
    }

    /** A logback level; Python's WARNING and CRITICAL map to WARN and ERROR. */
    static String logLevel(String v) {
        String level = v.trim().toUpperCase(Locale.ROOT);
        if (level.equals("WARNING")) {
            return "WARN";
        }
        if (level.equals("CRITICAL")) {
            return "ERROR";
        }
        if (!LOG_LEVELS.contains(level)) {
            throw new IllegalArgumentException("unknown log level '" + v + "' (use one of "
                    + String.join(", ", LOG_LEVELS) + ")");
        }
        return level;
    }

    /** Items separated by commas and/or whitespace; empty is allowed. */
    /** {@code [auth] algorithm}: empty or one of {@code allowed}, exactly as written there. */
    static String authAlgorithm(String v, List<String> allowed) {
        String t = v.trim();
        if (!t.isEmpty() && !allowed.contains(t)) {
            throw new IllegalArgumentException("unknown algorithm '" + t + "' (one of " + String.join(", ", allowed)
                    + ", or empty)");
        }
        return t;
    }

    static List<String> spaceOrCommaList(String v) {
        List<String> items = new ArrayList<>();
        for (String item : v.trim().split("[,\\s]+")) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    /** A {@code [log]} destination list: {@code screen} and/or file paths, at least one. */
    static List<String> logDestinations(String v) {
        List<String> items = new ArrayList<>();
        for (String item : v.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("'" + v + "' names no destination (use screen and/or file paths)");
        }
        return items;
    }

    /**
     * One {@code [proxy]} rule: {@code prefix} must start with {@code /}; {@code target} is
     * {@code ORBITED}, {@code http://host:port}, {@code host:port} or {@code host} (port 80).
     */
    static ProxyRule proxyRule(String prefix, String target) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("proxy prefix '" + prefix + "' must start with '/'");
        }
        String t = target.trim();
        if (t.equals("ORBITED")) {
            return ProxyRule.orbited(prefix);
        }
        String hostPort = t;
        if (hostPort.regionMatches(true, 0, "http://", 0, 7)) {
            hostPort = hostPort.substring(7);
        } else if (hostPort.contains("://")) {
            throw new IllegalArgumentException("proxy target '" + target + "' must use http:// (or be host:port or ORBITED)");
        }
        if (hostPort.endsWith("/")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        if (hostPort.isEmpty() || hostPort.contains("/") || hostPort.matches(".*\\s.*")) {
            throw new IllegalArgumentException("proxy target '" + target
                    + "' is not http://host:port, host:port, host or ORBITED");
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = 80;
        if (colon >= 0) {
            String p = hostPort.substring(colon + 1);
            if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("proxy target '" + target + "' has invalid port '" + p
                        + "' (expected 1-65535)");
            }
            port = Integer.parseInt(p);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("proxy target '" + target + "' has no host");
        }
        return new ProxyRule(prefix, host, port, false);
    }

    /** A whole number from {@code min} to {@code max}; {@code rule} says what is allowed, for the message. */
    static int intInRange(String v, int min, int max, String rule) {
        long n = integer(v, "number");
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + v + "' is out of range (" + rule + ")");
        }
        return (int) n;
    }

    /** A URL path prefix: starts with {@code /}, at least one more character, no trailing {@code /}, no query. */
    static String urlPath(String v) {
        String p = v.trim();
        if (!p.startsWith("/") || p.length() < 2) {
            throw new IllegalArgumentException("path '" + v + "' must start with '/' and name something, e.g. /cometd");
        }
        if (p.endsWith("/")) {
            throw new IllegalArgumentException("path '" + v + "' must not end with '/'");
        }
        if (p.contains("?") || p.contains("//") || p.matches(".*[\\s%#\\\\].*")) {
            throw new IllegalArgumentException("path '" + v + "' must be a plain path (no '?', '#', '%', '//', '\\' or spaces)");
        }
        return p;
    }

    /** One or more of {@code allowed}, comma- or space-separated, each at most once, in the order given. */
    static List<String> namesFrom(String v, List<String> allowed, String what) {
        List<String> items = spaceOrCommaList(v);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("names no " + what + " (use one or more of " + String.join(", ", allowed) + ")");
        }
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (!allowed.contains(item)) {
                throw new IllegalArgumentException("unknown " + what + " '" + item + "' (known: " + String.join(", ", allowed) + ")");
            }
            if (items.subList(0, i).contains(item)) {
                throw new IllegalArgumentException(what + " '" + item + "' is listed twice");
            }
        }
        return items;
    }

    /** A cookie name: RFC 9110 token characters, 1-64 of them. */
    static String cookieName(String v) {
        String n = v.trim();
        if (n.length() > 64 || !TOKEN.matcher(n).matches()) {
            throw new IllegalArgumentException("cookie name '" + v + "' must be 1-64 token characters (letters, digits, "
                    + "!#$%&'*+-.^_`|~)");
        }
        return n;
    }

    /** Cookie {@code SameSite}: empty (not sent), {@code Strict}, {@code Lax} or {@code None}, any case. */
    static String sameSite(String v) {
        String s = v.trim();
        if (s.isEmpty()) {
            return "";
        }
        for (String allowed : SAME_SITE) {
            if (allowed.equalsIgnoreCase(s)) {
                return allowed;
            }
        }
        throw new IllegalArgumentException("SameSite '" + v + "' must be empty, Strict, Lax or None");
    }

    /** A URL query parameter name: 1-64 of {@code A-Z a-z 0-9 _ . ~ -}. */
    static String queryParameter(String v) {
        String n = v.trim();
        if (!n.matches("[A-Za-z0-9_.~-]{1,64}")) {
            throw new IllegalArgumentException("parameter name '" + v + "' must be 1-64 of A-Z, a-z, 0-9, '_', '.', '~', '-'");
        }
        return n;
    }

    /**
     * Origins, comma- or space-separated: each {@code *} or {@code scheme://host[:port]} with no path. Scheme and host
     * are lower-cased and a default port (80 for http, 443 for https) dropped, as browsers send them.
     */
    static List<String> origins(String v) {
        List<String> out = new ArrayList<>();
        for (String item : spaceOrCommaList(v)) {
            out.add(item.equals("*") ? item : origin(item));
        }
        return out;
    }

    private static String origin(String item) {
        java.util.regex.Matcher m = ORIGIN.matcher(item);
        if (!m.matches()) {
            String hint = item.matches("[A-Za-z][A-Za-z0-9+.-]*://[^/]+/.*") ? " (an origin has no path)" : "";
            throw new IllegalArgumentException("origin '" + item + "' is not * or scheme://host[:port]" + hint);
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String host = m.group(2).toLowerCase(Locale.ROOT);
        String port = m.group(3);
        if (port != null) {
            int n = Integer.parseInt(port);
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException("origin '" + item + "' has invalid port '" + port + "' (expected 1-65535)");
            }
            if ((scheme.equals("http") && n == 80) || (scheme.equals("https") && n == 443)) {
                port = null;
            }
        }
        return scheme + "://" + host + (port == null ? "" : ":" + Integer.parseInt(port));
    }

    private static final java.util.regex.Pattern WEBIRC_PATH = java.util.regex.Pattern.compile("(/[A-Za-z0-9_-]{1,64}){1,8}");

    /** {@code [webirc] path}: {@code /a} or {@code /a/b}, segments of letters, digits, - and _; not under {@code /_/}. */
    static String webircPath(String v) {
        String p = v.trim();
        if (!WEBIRC_PATH.matcher(p).matches()) {
            throw new IllegalArgumentException("'" + v + "' is not a path like /webirc (segments of letters, digits, "
                    + "- and _, no trailing /)");
        }
        if (p.equals("/_") || p.startsWith("/_/")) {
            throw new IllegalArgumentException("'" + v + "' is under /_/, which the node keeps for itself");
        }
        return p;
    }

    /** Bayeux channel names or patterns ({@code /a/b}, {@code /a/*}, {@code /a/**}), comma- or space-separated. */
    static List<String> channels(String v) {
        List<String> items = spaceOrCommaList(v);
        for (String item : items) {
            ChannelId.parse(item);
        }
        return items;
    }

    private static long nonNegative(String v) {
        long n = integer(v, "number");
        if (n < 0) {
            throw new IllegalArgumentException("'" + v + "' must not be negative");
        }
        return n;
    }

    private static long integer(String v, String what) {
        String s = v.trim();
        if (!s.matches("[+-]?[0-9]{1,18}")) {
            throw new IllegalArgumentException("'" + v + "' is not a valid " + what + " (expected a whole number)");
        }
        return Long.parseLong(s);
    }

    /**
     * {@code [cluster] proxy_from}: numeric IPv4/IPv6 addresses or CIDR blocks ({@code 10.0.0.0/8}), comma- or
     * space-separated; never host names (no DNS lookup at load time).
     */
    static List<String> addressRanges(String v) {
        List<String> out = spaceOrCommaList(v);
        for (String range : out) {
            int slash = range.indexOf('/');
            String address = slash < 0 ? range : range.substring(0, slash);
            boolean v4 = address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean v6 = !v4 && address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
            if (!v4 && !v6) {
                throw new IllegalArgumentException("'" + range + "' is not a numeric IP address or CIDR block");
            }
            if (v4) {
                for (String octet : address.split("\\.")) {
                    if (Integer.parseInt(octet) > 255) {
                        throw new IllegalArgumentException("'" + range + "' is not an IPv4 address");
                    }
                }
            }
            if (slash >= 0) {
                String bits = range.substring(slash + 1);
                int max = v4 ? 32 : 128;
                if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > max) {
                    throw new IllegalArgumentException("'" + range + "': the prefix length must be 0 to " + max);
                }
            }
        }
        return out;
    }

    /** {@code [cluster] routes}: 1 to {@link ClusterConfig#MAX_ROUTES}. */
    static int routeCount(String v) {
        int n = positiveInt(v);
        if (n > ClusterConfig.MAX_ROUTES) {
            throw new IllegalArgumentException("routes must be 1 to " + ClusterConfig.MAX_ROUTES + ", not " + n);
        }
        return n;
    }

    /**
     * {@code [cluster] halod}: gateway control addresses {@code host:port} (IPv6 as {@code [::1]:7700}), comma- or
     * space-separated, in order of preference. Names are not resolved here (the link resolves them on each connect).
     */
    static List<String> gatewayAddresses(String v) {
        List<String> out = spaceOrCommaList(v);
        for (String a : out) {
            int colon = a.lastIndexOf(':');
            String host = colon < 0 ? "" : a.substring(0, colon);
            String port = colon < 0 ? "" : a.substring(colon + 1);
            boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
            if (host.isEmpty() || (!bracketed && host.contains(":"))
                    || !(bracketed ? host.substring(1, host.length() - 1) : host).matches("[0-9A-Za-z.:_-]+")) {
                throw new IllegalArgumentException("'" + a + "' is not a gateway address host:port (IPv6: [address]:port)");
            }
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new IllegalArgumentException("'" + a + "': the port must be 1 to 65535");
            }
        }
        return out;
    }
}
