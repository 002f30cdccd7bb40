package org.orbited.bridge.xmpp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.orbited.bridge.common.FloodOptions;
import org.orbited.bridge.common.OptionReader;
import org.orbited.bridge.common.PersonalOptions;
import org.orbited.bridge.common.ReconnectOptions;
import org.orbited.bridge.common.mirror.MirrorOptions;

/**
 * The options of one {@code [plugin:xmpp]} / {@code [plugin:xmpp.NAME]} section, validated at start; every error
 * names the section and key ({@code [plugin:xmpp] port: ...}). IRC's names, defaults and ranges wherever the meaning
 * is the same (docs/xmpp.md "Configuration"):
 * <pre>
 * domain         XMPP domain of the bridge's account      required unless sasl.user is absent and anon.domain set
 * host           server address (no DNS SRV look-up)     required
 * port           1..65535                                 default 5222
 * tls            1 = STARTTLS required, chain and XMPP-domain name verified (default); 0 = plain, only when host
 *                is a loopback address
 * truststore, truststore.password   PKCS12/JKS trust store (default: the JVM's CAs); needs tls = 1
 * sasl.user, sasl.password   the bridge's account (both or neither); absent: the occupant logs in anonymously
 *                on anon.domain
 * register.timeout  connect + STARTTLS + SASL + bind     default 30s (1s..10m)
 * reconnect.min, reconnect.max   backoff               default 2s (100ms..10m), 5m (reconnect.min..1h)
 * reply.timeout  Smack's reply timeout (join, leave)     default 10s (1s..5m)
 * muc            MUC service domain (the Bayeux segment) required
 * rooms          allowlist of room localparts with * and ? globs, comma or space separated; required
 *                (channels is refused: "did you mean rooms")
 * nick           the occupant's nick                     default orbited
 * join.grace     leave an idle room after                default 30s (0..1h)
 * join.max       rooms the occupant (and each visitor session) may be in   default 10 (1..1000)
 * history.max    messages kept per room for late subscribers   default 20 (0..100)
 * presence       publish presence (show/status) events 1/0   default 1
 * text.max       UTF-8 bytes of an outgoing body or subject   default 4096 (64..65536)
 * relay.format   prefix of relayed lines, contains {nick}     default "&lt;{nick}&gt;"
 * guest.prefix, guest.suffix, nick.pattern    as IRC ("" / "_web" / {@link #DEFAULT_NICK_PATTERN})
 * mode           relay / personal / both                 default both
 * personal.auth  anonymous / account / both              default anonymous
 * anon.domain    host offering SASL ANONYMOUS             required when personal.auth allows anonymous and mode
 *                allows personal, or when the occupant is anonymous
 * personal.max (20, 0..10000; 0 with mode relay), personal.grace (30s), personal.nick (chosen|principal),
 * personal.login.rate (5 per minute, 1..1000)
 * flood.rate/burst/queue (2, 5, 100), flood.channel.* (2, 5, 100, per room), flood.visitor.* (1, 3, 10)
 * mirror, mirror.secret, mirror.secret_env, mirror.prefix (orbited-mirror-), mirror.key, mirror.max_bytes (4096,
 * 64..65536), mirror.rate (5), mirror.burst (10), mirror.queue (1000): the shared {@link MirrorOptions} with
 * {@link XmppMirrorCarriers} (a room localpart prefix, the rooms' password)
 * </pre>
 * Unknown keys are refused. Immutable; {@link #toString} hides passwords and the mirror secret.
 */
public record XmppOptions(
        String section, String domain, String host, int port, boolean tls, Path trustStore, String trustStorePassword,
        String saslUser, String saslPassword, Duration registerTimeout, Duration reconnectMin, Duration reconnectMax,
        Duration replyTimeout,
        String muc, List<String> rooms, String nick, Duration joinGrace, int joinMax, int historyMax, boolean presence,
        int textMax, String relayFormat, String guestPrefix, String guestSuffix, Pattern nickPattern,
        Mode mode, PersonalAuth personalAuth, String anonDomain, int personalMax, Duration personalGrace,
        boolean nickFromPrincipal, int personalLoginRate,
        double floodRate, int floodBurst, int floodQueue, double channelFloodRate, int channelFloodBurst,
        int channelFloodQueue, double visitorFloodRate, int visitorFloodBurst, int visitorFloodQueue,
        MirrorOptions mirror) {

    /** Who may speak in rooms: the occupant for everyone, logged-in visitors as themselves, or both (as IRC). */
    public enum Mode {
        RELAY, PERSONAL, BOTH;

        public boolean allowsPersonal() {
            return this != RELAY;
        }

        public boolean allowsRelay() {
            return this != PERSONAL;
        }
    }

    /** How visitor sessions log in: SASL ANONYMOUS on {@code anon.domain}, an account, or either. */
    public enum PersonalAuth {
        ANONYMOUS, ACCOUNT, BOTH;

        public boolean allowsAnonymous() {
            return this != ACCOUNT;
        }

        public boolean allowsAccount() {
            return this != ANONYMOUS;
        }
    }

    /**
     * Default {@code nick.pattern}: 1 to 32 letters, digits and {@code _ - . [ ] { } ^ ` |} (no space, {@code @} or
     * {@code /}, so a nick is always a valid resource and reads the same in every client).
     */
    public static final String DEFAULT_NICK_PATTERN = "[\\p{L}\\p{N}_.\\[\\]{}^`|-]{1,32}";
    /** {@code text.max} bounds: prosody's stanza limit is 256 KiB, a body stays far below it. */
    public static final int DEFAULT_TEXT_MAX = 4096;
    public static final int HARD_TEXT_MAX = 65536;

    /** As IRC: the options that name the bridge's own connection timings. */
    public static XmppOptions parse(String section, Map<String, String> options) {
        return parse(section, options, System::getenv);
    }

    /**
     * Parses and validates a section.
     *
     * @param section the instance id ({@code xmpp} or {@code xmpp.NAME}), used in messages and thread names
     * @param env     reads {@code mirror.secret_env}
     * @throws IllegalArgumentException naming {@code [plugin:SECTION] key} and what is wrong
     */
    public static XmppOptions parse(String section, Map<String, String> options, Function<String, String> env) {
        OptionReader r = new OptionReader(section, options);
        if (r.string("channels", null) != null) {
            throw r.bad("channels", "unknown option for an XMPP bridge; did you mean rooms?");
        }
        String host = r.required("host");
        boolean tls = r.bool("tls", true);
        if (!tls && !isLoopback(host)) {
            throw r.bad("tls", "0 (no TLS) is allowed only when host is a loopback address; " + host + " is not");
        }
        int port = r.integer("port", 5222, 1, 65535);
        String trustStoreName = r.string("truststore", null);
        Path trustStore = null;
        if (trustStoreName != null) {
            if (!tls) {
                throw r.bad("truststore", "is set but tls = 0");
            }
            trustStore = Path.of(trustStoreName);
            if (!Files.isReadable(trustStore)) {
                throw r.bad("truststore", "cannot read " + trustStore.toAbsolutePath());
            }
        }
        String trustStorePassword = r.string("truststore.password", null);
        if (trustStorePassword != null && trustStore == null) {
            throw r.bad("truststore.password", "is set without truststore");
        }
        String saslUser = secret(r, "sasl.user", false);
        String saslPassword = secret(r, "sasl.password", true);
        if ((saslUser == null) != (saslPassword == null)) {
            throw r.bad(saslUser == null ? "sasl.user" : "sasl.password", "sasl.user and sasl.password go together");
        }
        if (saslUser != null && XmppText.localpartProblem(saslUser) != null) {
            throw r.bad("sasl.user", XmppText.localpartProblem(saslUser));
        }
        String anonDomain = r.string("anon.domain", null);
        if (anonDomain != null && XmppText.domainProblem(anonDomain) != null) {
            throw r.bad("anon.domain", XmppText.domainProblem(anonDomain));
        }
        String domain = r.string("domain", null);
        if (domain == null && (saslUser != null || anonDomain == null)) {
            throw r.bad("domain", "is required (the XMPP domain of the bridge's account)"
                    + (saslUser == null ? "; or leave sasl.user out and set anon.domain for an anonymous occupant" : ""));
        }
        if (domain != null && XmppText.domainProblem(domain) != null) {
            throw r.bad("domain", XmppText.domainProblem(domain));
        }
        Duration registerTimeout = r.duration("register.timeout", Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(10));
        ReconnectOptions reconnect = ReconnectOptions.parse(r, Duration.ofSeconds(2), Duration.ofMinutes(5));
        Duration replyTimeout = r.duration("reply.timeout", Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofMinutes(5));

        String muc = r.required("muc");
        if (XmppText.domainProblem(muc) != null) {
            throw r.bad("muc", XmppText.domainProblem(muc));
        }
        String roomsText = r.string("rooms", null);
        if (roomsText == null) {
            throw r.bad("rooms", "is required: the allowlist of room names (localparts, * and ? globs) on " + muc);
        }
        List<String> rooms = Arrays.stream(roomsText.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        try {
            new RoomMapping(muc, rooms);
        } catch (IllegalArgumentException e) {
            throw r.bad("rooms", e.getMessage());
        }
        String guestPrefix = checkedText(r, "guest.prefix", "");
        String guestSuffix = checkedText(r, "guest.suffix", "_web");
        Pattern nickPattern = r.pattern("nick.pattern", DEFAULT_NICK_PATTERN);
        String nick = r.string("nick", "orbited");
        String nickProblem = XmppText.nickProblem(nick);
        if (nickProblem != null) {
            throw r.bad("nick", nickProblem);
        }
        String relayFormat = checkedText(r, "relay.format", "<{nick}>");
        if (!relayFormat.contains("{nick}")) {
            throw r.bad("relay.format", "'" + relayFormat + "' must contain {nick}");
        }
        Duration joinGrace = r.duration("join.grace", Duration.ofSeconds(30), Duration.ofHours(1));
        int joinMax = r.integer("join.max", 10, 1, 1000);
        int historyMax = r.integer("history.max", 20, 0, 100);
        boolean presence = r.bool("presence", true);
        int textMax = r.integer("text.max", DEFAULT_TEXT_MAX, 64, HARD_TEXT_MAX);

        Mode mode = parseEnum(r, "mode", "both", Mode.class, "relay, personal or both");
        PersonalAuth personalAuth = parseEnum(r, "personal.auth", "anonymous", PersonalAuth.class,
                "anonymous, account or both");
        if (mode.allowsPersonal() && personalAuth.allowsAnonymous() && anonDomain == null) {
            throw r.bad("anon.domain", "is required: mode " + mode.name().toLowerCase(Locale.ROOT)
                    + " and personal.auth " + personalAuth.name().toLowerCase(Locale.ROOT)
                    + " let visitors log in anonymously (set mode = relay or personal.auth = account otherwise)");
        }
        if (mode.allowsPersonal() && personalAuth.allowsAccount() && domain == null) {
            throw r.bad("domain", "is required: personal.auth lets visitors log in with an account on it");
        }
        PersonalOptions personal = PersonalOptions.parse(r, mode.allowsPersonal());
        FloodOptions flood = FloodOptions.parse(r, "flood", 2, 5, 100, 1);
        FloodOptions channelFlood = FloodOptions.parse(r, "flood.channel", 2, 5, 100, 1);
        FloodOptions visitorFlood = FloodOptions.parse(r, "flood.visitor", 1, 3, 10, 1);
        MirrorOptions mirror = MirrorOptions.parse(r, env, XmppMirrorCarriers.INSTANCE);
        r.rejectUnknown();
        return new XmppOptions(section, domain, host, port, tls, trustStore, trustStorePassword, saslUser,
                saslPassword, registerTimeout, reconnect.min(), reconnect.max(), replyTimeout, muc, rooms, nick,
                joinGrace, joinMax, historyMax, presence, textMax, relayFormat, guestPrefix, guestSuffix, nickPattern,
                mode, personalAuth, anonDomain, personal.max(), personal.grace(), personal.nickFromPrincipal(),
                personal.loginRate(), flood.rate(), flood.burst(), flood.queue(), channelFlood.rate(),
                channelFlood.burst(), channelFlood.queue(), visitorFlood.rate(), visitorFlood.burst(),
                visitorFlood.queue(), mirror);
    }

    public XmppOptions {
        rooms = List.copyOf(rooms);
    }

    /** True when the bridge's occupant logs in anonymously ({@code sasl.user} absent) on {@code anon.domain}. */
    public boolean anonymousOccupant() {
        return saslUser == null;
    }

    /** The room mapping these options describe. */
    public RoomMapping mapping() {
        return new RoomMapping(muc, rooms);
    }

    /** {@code [plugin:SECTION] key: why}, for errors found after parsing (the trust store, a duplicate muc). */
    public IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("[plugin:" + section + "] " + key + ": " + why);
    }

    /** Thread-name tag of this instance: the section name ({@code xmpp}, {@code xmpp.support}). */
    public String tag() {
        return section;
    }

    /** Whether {@code host} is a loopback address literal or {@code localhost} (no DNS look-up is made). */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;  // a name: no look-up here; not loopback
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();  // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static <E extends Enum<E>> E parseEnum(OptionReader r, String key, String fallback, Class<E> type,
                                                   String choices) {
        String text = r.string(key, fallback);
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw r.bad(key, "'" + text + "' is not " + choices);
        }
    }

    /** Values are trimmed; control characters, and spaces except in relay.format, are refused. */
    private static String checkedText(OptionReader r, String key, String fallback) {
        String value = r.string(key, fallback);
        boolean spacesAllowed = key.equals("relay.format");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || (c == ' ' && !spacesAllowed) || Character.isSurrogate(c)
                    || c == 0xFFFE || c == 0xFFFF) {
                throw r.bad(key, String.format(Locale.ROOT, "character U+%04X at offset %d is not allowed", (int) c, i));
            }
        }
        return value;
    }

    /** A credential: no control characters (and no spaces in a user name); the value is never echoed. */
    private static String secret(OptionReader r, String key, boolean spacesAllowed) {
        String value = r.string(key, null);
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c == 0x7F || (c == ' ' && !spacesAllowed) || Character.isSurrogate(c)
                        || c == 0xFFFE || c == 0xFFFF) {
                    throw r.bad(key, String.format(Locale.ROOT, "character U+%04X at offset %d is not allowed",
                            (int) c, i));
                }
            }
        }
        return value;
    }

    /** Options print without secrets. */
    @Override
    public String toString() {
        return "XmppOptions[section=" + section + ", host=" + host + ", port=" + port + ", tls=" + tls + ", domain="
                + domain + ", muc=" + muc + ", rooms=" + rooms + ", nick=" + nick + ", account="
                + (saslUser != null ? saslUser : "anonymous@" + anonDomain) + ", mode="
                + mode.name().toLowerCase(Locale.ROOT) + (mirror != null ? ", " + mirror : "") + "]";
    }
}
