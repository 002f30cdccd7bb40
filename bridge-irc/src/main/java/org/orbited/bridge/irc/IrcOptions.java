package org.orbited.bridge.irc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.orbited.bridge.common.FloodOptions;
import org.orbited.bridge.common.OptionReader;
import org.orbited.bridge.common.PersonalOptions;
import org.orbited.bridge.common.ReconnectOptions;
import org.orbited.bridge.common.mirror.MirrorOptions;

/**
 * The options of one {@code [plugin:irc]} / {@code [plugin:irc.NAME]} section, validated at start; every error
 * names the section and key. Keys and defaults (docs/irc.md, "Options"):
 * <pre>
 * network        name in /irc/&lt;network&gt;/...     default: NAME of [plugin:irc.NAME], else "default"
 * host           IRC server                        required
 * tls            1/0                               default 1 (verified against the JVM's or the trust store's CAs)
 * port           1..65535                          default 6697 with TLS, 6667 without
 * truststore     path of a PKCS12/JKS trust store  default: the JVM's; needs tls = 1
 * truststore.password                              default: none; needs truststore
 * nick           the bridge's own nick             default "orbited"
 * password       server password (PASS)            default: none
 * sasl.user, sasl.password   SASL PLAIN, both or neither
 * channels       allowlist, comma or space separated, * and ? globs; required, at least one; a name without a
 *                channel prefix gets #, since # starts a comment in orbited.cfg (help = #help)
 * casemapping    ascii / rfc1459 / strict-rfc1459  default rfc1459 until the server's ISUPPORT says otherwise
 * guest.prefix, guest.suffix   added to a visitor's nick   default "" and "_web"
 * nick.pattern   regex a chosen nick must match    default {@link #DEFAULT_NICK_PATTERN}
 * relay.format   prefix of relayed lines, must contain {nick}; one space follows it   default "&lt;{nick}&gt;"
 * join.grace     part an idle channel after        default 30s (0..1h)
 * join.max       channels the bridge, and each personal connection, may be in   default 10 (1..1000; the
 *                server's ISUPPORT CHANLIMIT lowers it)
 * flood.rate     lines per second per connection (each personal connection)   default 2 (max 1000);
 *                flood.burst default 5; flood.queue default 100
 * mirror, mirror.*   mirror mode (cluster backbone), see {@link MirrorOptions}   default: off
 * mode           who speaks: relay / personal / both   default both (docs/irc.md "Personal connections")
 * personal.max   personal connections at once      default 20 (0..10000); 0 with mode relay
 * personal.grace quit a personal connection this long after its client ended   default 30s (0..1h)
 * personal.nick  chosen / principal: principal = a logged-in client's principal is its nick   default chosen
 * flood.channel.rate, flood.channel.burst, flood.channel.queue   the same per IRC channel, for all the node's
 *                connections together (relay and personal)   default 2, 5, 100
 * flood.visitor.rate, flood.visitor.burst, flood.visitor.queue   the same per relayed visitor (Bayeux client),
 *                before the channel's; burst is also the most lines a visitor has in a channel's queue at once
 *                default 1, 3, 10 (queue at least {@link RelayMessage#MAX_LINES}, so the longest message fits)
 * reconnect.min, reconnect.max   backoff after a failed or lost connection: min * 2^(n-1), at most max
 *                default 1s (100ms..10m) and 60s (reconnect.min..1h)
 * register.timeout  give up a registration not done (001) within   default 30s (1s..10m)
 * nick.regain    registered under a fallback nick (nick1), ask for nick this often   default 60s (100ms..1h)
 * personal.login.rate  logins per client per minute   default 5 (1..1000); more are refused (irc_login_rate)
 * </pre>
 * Unknown keys are refused. Immutable.
 */
public record IrcOptions(String network, String host, int port, boolean tls, Path trustStore,
                         String trustStorePassword, String nick, String serverPassword, String saslUser,
                         String saslPassword, List<String> channels, CaseMapping caseMapping, String guestPrefix,
                         String guestSuffix, Pattern nickPattern, String relayFormat, Duration joinGrace,
                         double floodRate, int floodBurst, int floodQueue, MirrorOptions mirror,
                         Mode mode, int personalMax, Duration personalGrace,
                         boolean nickFromPrincipal, double channelFloodRate, int channelFloodBurst,
                         int channelFloodQueue, Duration reconnectMin, Duration reconnectMax,
                         Duration registerTimeout, int joinMax, double visitorFloodRate, int visitorFloodBurst,
                         int visitorFloodQueue, Duration nickRegain, int personalLoginRate) {
    /** Who may speak on IRC: the bridge for everyone, logged-in visitors as themselves, or both. */
    public enum Mode {
        RELAY, PERSONAL, BOTH;

        boolean allowsPersonal() {
            return this != RELAY;
        }

        boolean allowsRelay() {
            return this != PERSONAL;
        }
    }

    /** IRC nick grammar (RFC 2812 2.3.1), up to 30 characters (ngircd's MaxNickLength in tests). */
    public static final String DEFAULT_NICK_PATTERN = "[A-Za-z\\[\\]\\\\`_^{|}][A-Za-z0-9\\[\\]\\\\`_^{|}-]{0,29}";
    private static final Pattern NICK = Pattern.compile(DEFAULT_NICK_PATTERN);

    /**
     * Parses and validates a section.
     *
     * @param section the instance id ({@code irc} or {@code irc.NAME}), used in messages and the default network
     * @throws IllegalArgumentException naming {@code [plugin:SECTION] key} and what is wrong
     */
    public static IrcOptions parse(String section, Map<String, String> options) {
        return parse(section, options, System::getenv);
    }

    /** As {@link #parse(String, Map)}, reading {@code mirror.secret_env} from {@code env}. */
    static IrcOptions parse(String section, Map<String, String> options,
                            java.util.function.Function<String, String> env) {
        OptionReader r = new OptionReader(section, options);
        int dot = section.indexOf('.');
        String network = r.string("network", dot < 0 ? "default" : section.substring(dot + 1));
        if (!ChannelMapping.NETWORK_NAME.matcher(network).matches()) {
            throw r.bad("network", "'" + network + "' must match " + ChannelMapping.NETWORK_NAME.pattern());
        }
        String host = r.required("host");
        boolean tls = r.bool("tls", true);
        int port = r.integer("port", tls ? 6697 : 6667, 1, 65535);
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
        String nick = r.string("nick", "orbited");
        if (!NICK.matcher(nick).matches()) {
            throw r.bad("nick", "'" + nick + "' is not a valid IRC nick (" + DEFAULT_NICK_PATTERN + ")");
        }
        String password = secret(r, "password", false);
        String saslUser = secret(r, "sasl.user", false);
        String saslPassword = secret(r, "sasl.password", true);
        if ((saslUser == null) != (saslPassword == null)) {
            throw r.bad(saslUser == null ? "sasl.user" : "sasl.password", "sasl.user and sasl.password go together");
        }
        String channelsText = r.string("channels", null);
        if (channelsText == null) {
            // "channels = #help" in a configuration file reads as empty: # starts a comment there
            throw r.bad("channels", "is required (in a configuration file write help or \\#help: a bare # starts a comment)");
        }
        List<String> channels = Arrays.stream(channelsText.split("[,\\s]+"))
                .filter(s -> !s.isEmpty()).map(IrcOptions::withPrefix).toList();
        CaseMapping caseMapping = parseCaseMapping(r);
        try {
            new ChannelMapping(network, caseMapping, channels);
        } catch (IllegalArgumentException e) {
            throw r.bad("channels", e.getMessage());
        }
        String guestPrefix = checkedText(r, "guest.prefix", "");
        String guestSuffix = checkedText(r, "guest.suffix", "_web");
        Pattern nickPattern = r.pattern("nick.pattern", DEFAULT_NICK_PATTERN);
        String relayFormat = checkedText(r, "relay.format", "<{nick}>");
        if (!relayFormat.contains("{nick}")) {
            throw r.bad("relay.format", "'" + relayFormat + "' must contain {nick}");
        }
        Duration joinGrace = r.duration("join.grace", Duration.ofSeconds(30), Duration.ofHours(1));
        int joinMax = r.integer("join.max", 10, 1, 1000);
        FloodOptions flood = FloodOptions.parse(r, "flood", 2, 5, 100, 1);
        MirrorOptions mirror = MirrorOptions.parse(r, env, IrcMirrorCarriers.INSTANCE);
        Mode mode;
        String modeText = r.string("mode", "both");
        try {
            mode = Mode.valueOf(modeText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw r.bad("mode", "'" + modeText + "' is not relay, personal or both");
        }
        PersonalOptions personal = PersonalOptions.parse(r, mode.allowsPersonal());
        FloodOptions channelFlood = FloodOptions.parse(r, "flood.channel", 2, 5, 100, 1);
        // the queue holds at least the longest message (RelayMessage.MAX_LINES lines)
        FloodOptions visitorFlood = FloodOptions.parse(r, "flood.visitor", 1, 3, 10, RelayMessage.MAX_LINES);
        ReconnectOptions reconnect = ReconnectOptions.parse(r, Duration.ofSeconds(1), Duration.ofSeconds(60));
        Duration registerTimeout = r.duration("register.timeout", Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofMinutes(10));
        Duration nickRegain = r.duration("nick.regain", NetworkConnection.DEFAULT_NICK_REGAIN, Duration.ofMillis(100),
                Duration.ofHours(1));
        r.rejectUnknown();
        return new IrcOptions(network, host, port, tls, trustStore, trustStorePassword, nick, password, saslUser,
                saslPassword, channels, caseMapping, guestPrefix, guestSuffix, nickPattern, relayFormat, joinGrace,
                flood.rate(), flood.burst(), flood.queue(), mirror, mode, personal.max(), personal.grace(),
                personal.nickFromPrincipal(), channelFlood.rate(), channelFlood.burst(), channelFlood.queue(),
                reconnect.min(), reconnect.max(), registerTimeout, joinMax, visitorFlood.rate(), visitorFlood.burst(),
                visitorFlood.queue(), nickRegain, personal.loginRate());
    }

    /**
     * The connection timings ({@code reconnect.min}, {@code reconnect.max}, {@code register.timeout},
     * {@code nick.regain}).
     */
    NetworkConnection.Timing timing() {
        return new NetworkConnection.Timing(reconnectMin, reconnectMax, registerTimeout, nickRegain);
    }

    /**
     * A channel name as written in the file, with {@code #} added when it has no channel prefix: in
     * {@code orbited.cfg} a {@code #} starts a comment anywhere on a line, so {@code channels = help, chat-*} means
     * {@code #help, #chat-*} ({@code & + !} channels are written as they are). Null stays null.
     */
    static String withPrefix(String name) {
        return name == null || name.isEmpty() || "#&+!".indexOf(name.charAt(0)) >= 0 ? name : "#" + name;
    }

    /** The channel mapping these options describe. */
    public ChannelMapping mapping() {
        return new ChannelMapping(network, caseMapping, channels);
    }

    private static CaseMapping parseCaseMapping(OptionReader r) {
        String v = r.string("casemapping", CaseMapping.RFC1459.token());
        for (CaseMapping m : CaseMapping.values()) {
            if (m.token().equalsIgnoreCase(v)) {
                return m;
            }
        }
        throw r.bad("casemapping", "'" + v + "' is not ascii, rfc1459 or strict-rfc1459");
    }

    /** Values are trimmed (the node trims them too); control characters, and spaces except in relay.format, are refused. */
    private static String checkedText(OptionReader r, String key, String fallback) {
        String value = r.string(key, fallback);
        boolean spacesAllowed = key.equals("relay.format");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || (c == ' ' && !spacesAllowed)) {
                throw r.bad(key, String.format(java.util.Locale.ROOT, "character U+%04X at offset %d is not allowed",
                        (int) c, i));
            }
        }
        return value;
    }

    /**
     * A credential: no control characters (CR/LF would end the PASS line, NUL the SASL PLAIN fields), no spaces in
     * a server password ({@code PASS} carries one word) or SASL user name. The value is never echoed.
     */
    private static String secret(OptionReader r, String key, boolean spacesAllowed) {
        String value = r.string(key, null);
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c == 0x7F || (c == ' ' && !spacesAllowed)) {
                    throw r.bad(key, String.format(java.util.Locale.ROOT,
                            "character U+%04X at offset %d is not allowed", (int) c, i));
                }
            }
        }
        return value;
    }

    /** Options print without secrets. */
    @Override
    public String toString() {
        return "IrcOptions[network=" + network + ", host=" + host + ", port=" + port + ", tls=" + tls + ", nick="
                + nick + ", channels=" + channels + ", sasl=" + (saslUser != null) + ", password="
                + (serverPassword != null) + (mirror != null ? ", " + mirror : "") + "]";
    }
}
