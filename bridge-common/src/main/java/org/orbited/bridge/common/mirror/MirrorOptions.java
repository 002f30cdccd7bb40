package org.orbited.bridge.common.mirror;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.orbited.bridge.common.OptionReader;
import org.orbited.plugin.ChannelId;

/**
 * The mirror-mode keys of a bridge section ({@code [plugin:irc...]}, {@code [plugin:xmpp...]}; docs/irc.md "Mirror
 * mode"), validated at start; every error names the section and key. {@code null} from {@link #parse} means mirror
 * mode is off.
 * <pre>
 * mirror            Bayeux channels/patterns carried, comma or space separated (/chat/**, /news/*, /a/b)
 * mirror.secret     shared HMAC secret, at least 32 bytes; or
 * mirror.secret_env the name of an environment variable holding it (exactly one of the two)
 * mirror.prefix     carrier name prefix; the default and the rules are the bridge's ({@link MirrorCarriers#prefix})
 * mirror.key        the carriers' key (IRC channel key +k, MUC room password)   default: none
 * mirror.max_bytes  largest serialized JSON data that crosses      default 4096 (64..65536)
 * mirror.rate, mirror.burst, mirror.queue   flood control of mirror lines per carrier
 *                                           default 5 lines/s, 10, 1000 lines (at least one message's worth)
 * </pre>
 * Immutable; {@link #toString} hides the secret and key.
 *
 * @param patterns the mirrored channels and patterns, in configuration order, without duplicates
 * @param secret   the secret's UTF-8 bytes
 * @param prefix   the carriers' name prefix
 * @param key      the carriers' key, or null
 * @param maxBytes {@code mirror.max_bytes}
 * @param rate     {@code mirror.rate}, lines per second per carrier
 * @param burst    {@code mirror.burst}
 * @param queue    {@code mirror.queue}, lines per carrier
 */
public record MirrorOptions(List<ChannelId> patterns, byte[] secret, String prefix, String key, int maxBytes,
                            double rate, int burst, int queue) {
    /** The least length of {@code mirror.secret} in bytes. */
    public static final int MIN_SECRET_BYTES = 32;
    /** {@code mirror.max_bytes}' default. */
    public static final int DEFAULT_MAX_BYTES = 4096;
    /** {@code mirror.max_bytes}' maximum. */
    public static final int HARD_MAX_BYTES = 65536;
    /**
     * Never mirrored: the bridges' own channels (a bridge republishes what it hears, so mirroring its channels could
     * echo between bridges), and Bayeux's reserved namespaces.
     */
    public static final List<String> RESERVED = List.of("/irc/**", "/xmpp/**", "/service/**", "/meta/**");

    /**
     * Reads the mirror keys; null when {@code mirror} is absent (then no other mirror key may be set).
     *
     * @param env      reads {@code mirror.secret_env}'s variable ({@code System::getenv} in production)
     * @param carriers the bridge's carrier rules (prefix, key, line budget)
     * @throws IllegalArgumentException naming the section and key
     */
    public static MirrorOptions parse(OptionReader r, Function<String, String> env, MirrorCarriers carriers) {
        String list = r.string("mirror", null);
        String secretText = r.string("mirror.secret", null);
        String secretEnv = r.string("mirror.secret_env", null);
        String prefix = r.string("mirror.prefix", null);
        String key = r.string("mirror.key", null);
        String maxText = r.string("mirror.max_bytes", null);
        if (list == null) {
            for (String k : new String[] {"mirror.secret", "mirror.secret_env", "mirror.prefix", "mirror.key",
                    "mirror.max_bytes", "mirror.rate", "mirror.burst", "mirror.queue"}) {
                if (r.string(k, null) != null) {
                    throw r.bad(k, "is set without mirror");
                }
            }
            return null;
        }
        List<ChannelId> patterns = new ArrayList<>();
        for (String name : Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList()) {
            ChannelId id = ChannelId.tryParse(name).filter(ChannelId::isBroadcast).orElseThrow(() -> r.bad("mirror",
                    "'" + name + "' is not a broadcast channel or pattern such as /chat/** or /news/*"));
            for (String reserved : RESERVED) {
                if (MirrorRoutes.intersects(id, ChannelId.parse(reserved))) {
                    throw r.bad("mirror", "'" + name + "' overlaps " + reserved + ", which is never mirrored");
                }
            }
            if (!patterns.contains(id)) {
                patterns.add(id);
            }
        }
        if (patterns.isEmpty()) {
            throw r.bad("mirror", "names no channel");
        }
        byte[] secret = secret(r, secretText, secretEnv, env);
        prefix = carriers.prefix(r, prefix);
        if (key != null) {
            carriers.checkKey(r, key);
        }
        int maxBytes = r.integer("mirror.max_bytes", DEFAULT_MAX_BYTES, 64, HARD_MAX_BYTES);
        double rate = r.positiveDecimal("mirror.rate", 5, 10_000);
        int burst = r.integer("mirror.burst", 10, 1, 10_000);
        int needed = MirrorCodec.maxFragments(MirrorCodec.maxPayloadBytes(maxBytes), carriers);
        int queue = r.integer("mirror.queue", Math.max(1000, needed), 1, 1_000_000);
        if (queue < needed) {
            throw r.bad("mirror.queue", queue + " lines cannot hold one message of mirror.max_bytes ("
                    + (maxText == null ? DEFAULT_MAX_BYTES : maxText) + "), which needs up to " + needed);
        }
        return new MirrorOptions(List.copyOf(patterns), secret, prefix, key, maxBytes, rate, burst, queue);
    }

    private static byte[] secret(OptionReader r, String text, String envName, Function<String, String> env) {
        if (text != null && envName != null) {
            throw r.bad("mirror.secret_env", "set mirror.secret or mirror.secret_env, not both");
        }
        String key = text != null ? "mirror.secret" : "mirror.secret_env";
        if (envName != null) {
            text = env.apply(envName);
            if (text == null || text.isBlank()) {
                throw r.bad(key, "environment variable " + envName + " is not set");
            }
            text = text.trim();
        }
        if (text == null) {
            throw r.bad("mirror.secret", "is required with mirror (or mirror.secret_env); every node of the cluster"
                    + " uses the same secret of at least " + MIN_SECRET_BYTES + " bytes");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw r.bad(key, "is " + bytes.length + " bytes; at least " + MIN_SECRET_BYTES + " are required");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "mirror " + patterns + " via " + prefix + "*" + (key != null ? " (+k)" : "") + ", max " + maxBytes
                + " bytes";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
