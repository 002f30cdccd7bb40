package org.orbited.bridge.common.mirror;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.orbited.bridge.common.TextRules;

/**
 * The mirror-mode wire format: one Bayeux publication as a few text lines (IRC PRIVMSG texts, XMPP message bodies)
 * in a carrier (docs/irc.md "Mirror mode"). Stateless and thread-safe.
 *
 * <p><b>Payload</b>: {@code <sent> <bayeux channel> <json>}: {@code sent} is the sender's wall clock when it framed
 * the message (decimal milliseconds since the epoch; receivers refuse stale ones, see {@link MirrorReceiver}), the
 * data serialized compactly by Jackson. JSON escapes every C0 control, so no CR, LF or NUL can appear; this class
 * also escapes DEL, the C1 controls, lone surrogates and every other character XML 1.0 does not allow (U+FFFE,
 * U+FFFF) as {@code \\uXXXX} (all still valid JSON that parses back to the same string), so the payload is
 * printable, well-formed UTF-8 that an XMPP stanza can carry as well as an IRC line.
 *
 * <p><b>Fragments</b>: the payload is cut into chunks of whole code points ({@link #chunks}), each sent as
 * <pre>
 *   OM2 &lt;origin&gt; &lt;seq&gt; &lt;i&gt;/&lt;n&gt; &lt;chunk&gt;.          for i &lt; n
 *   OM2 &lt;origin&gt; &lt;seq&gt; &lt;n&gt;/&lt;n&gt; &lt;mac&gt; &lt;chunk&gt;.    the last one
 * </pre>
 * {@code origin} is the sending node's random token (16 base32 characters, new at every start; a receiver drops
 * frames carrying its own), {@code seq} its counter for that carrier (from 1). The final {@code .} protects the
 * chunk's trailing spaces (PircBotX trims incoming lines). {@code mac} is base64url (no padding) of
 * {@code HMAC-SHA256(K, "OM2\n" + carrier + "\n" + origin + "\n" + seq + "\n" + payload)},
 * {@code K = HMAC-SHA256(mirror.secret, "orbited-mirror-frame")}: one MAC per message, in its last fragment, because
 * nothing is published before the whole payload is verified, and a MAC per line would cost 44 of the ~350 bytes
 * each IRC line may carry. The carrier's name is in the MAC so a frame cannot be replayed into another carrier.
 *
 * <p><b>Size</b>: each fragment is budgeted by the bridge ({@link MirrorCarriers#textBytes}: IRC counts the line
 * other clients receive, {@code :nick!user@host PRIVMSG #channel :text\r\n}) minus a fixed
 * {@value #HEADER_BYTES}-byte worst-case header.
 */
public final class MirrorCodec {
    /** Format version 2: version 1 ({@code OM1}) had no {@code sent} time in the payload. */
    public static final String MAGIC = "OM2";
    /** Most characters of {@code sent} plus its space: 13 digits until the year 2286, 19 at most. */
    public static final int SENT_CHARS = 20;
    /** Worst case of everything but the chunk: magic, origin, 19-digit seq, 999/999, MAC, spaces, terminator. */
    public static final int HEADER_BYTES = 4 + 16 + 1 + 19 + 1 + 7 + 1 + 43 + 1 + 1;
    /** Most fragments one message may have. */
    public static final int MAX_FRAGMENTS = 999;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] frameKey;
    private final MirrorCarriers carriers;

    /**
     * @param secret   {@code mirror.secret}
     * @param carriers the bridge's budget of one line ({@link MirrorCarriers#textBytes})
     */
    public MirrorCodec(byte[] secret, MirrorCarriers carriers) {
        this.frameKey = MirrorRoutes.hmac(secret, "orbited-mirror-frame");
        this.carriers = Objects.requireNonNull(carriers, "carriers");
    }

    /** Compact JSON of {@code data} with DEL, C1 controls, lone surrogates and non-XML characters escaped. */
    public static String toJson(JsonNode data) {
        String raw;
        try {
            raw = JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data cannot be serialized: " + e.getOriginalMessage(), e);
        }
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1));
            boolean escape = !pair && (c < 0x20 || (c >= 0x7F && c <= 0x9F) || !TextRules.isXmlChar(c));
            if (escape && out == null) {
                out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
            }
            if (escape) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
                if (pair) {
                    out.append(raw.charAt(i + 1));
                }
            }
            if (pair) {
                i++;
            }
        }
        return out == null ? raw : out.toString();
    }

    /** UTF-8 size of the data as it would cross (what {@code mirror.max_bytes} limits). */
    public static int size(JsonNode data) {
        return TextRules.utf8Length(toJson(data));
    }

    /**
     * Fragments needed at most for a payload of {@code payloadBytes} under the bridge's least budget: every chunk
     * but the last is full to within one code point (3 bytes), see {@link #chunks}.
     */
    public static int maxFragments(int payloadBytes, MirrorCarriers carriers) {
        int least = carriers.leastTextBytes() - HEADER_BYTES - 3;
        return (payloadBytes + least - 1) / least + 1;
    }

    /** The longest payload of a message whose data has {@code maxBytes} bytes ({@code sent}, channel, JSON). */
    public static int maxPayloadBytes(int maxBytes) {
        return SENT_CHARS + org.orbited.plugin.ChannelId.MAX_LENGTH + 1 + maxBytes;
    }

    /**
     * The texts carrying {@code json} (from {@link #toJson}) on {@code bayeuxChannel} through {@code carrier}, in
     * order, for a sender now called {@code sender}, stamped {@code sentMillis} (wall clock).
     *
     * @throws IllegalArgumentException when it would need more than {@value #MAX_FRAGMENTS} fragments
     */
    public List<String> encode(String carrier, String origin, long seq, long sentMillis, String bayeuxChannel,
                               String json, String sender) {
        String payload = sentMillis + " " + bayeuxChannel + " " + json;
        List<String> chunks = chunks(payload, carriers.textBytes(sender, carrier) - HEADER_BYTES);
        if (chunks.size() > MAX_FRAGMENTS) {
            throw new IllegalArgumentException("cannot frame " + bayeuxChannel + ": " + TextRules.utf8Length(payload)
                    + " bytes need more than " + MAX_FRAGMENTS + " fragments");
        }
        int n = chunks.size();
        List<String> frames = new ArrayList<>(n);
        String head = MAGIC + " " + origin + " " + seq + " ";
        for (int i = 1; i <= n; i++) {
            String chunk = chunks.get(i - 1);
            frames.add(i < n ? head + i + "/" + n + " " + chunk + "."
                    : head + n + "/" + n + " " + mac(carrier, origin, seq, payload) + " " + chunk + ".");
        }
        return frames;
    }

    /**
     * Cuts {@code payload} into runs of whole code points of at most {@code limit} UTF-8 bytes each, as full as
     * possible: the payload is for machines, so no word or grapheme boundary is preferred (which could make a chunk
     * a quarter of the budget), and receivers simply concatenate the chunks.
     */
    public static List<String> chunks(String payload, int limit) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < payload.length(); ) {
            int cp = payload.codePointAt(i);
            int size = TextRules.utf8Length(cp);
            if (bytes + size > limit) {
                out.add(payload.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        if (start < payload.length()) {
            out.add(payload.substring(start));
        }
        return out;
    }

    /** The MAC of a whole message (see the class). */
    public String mac(String carrier, String origin, long seq, String payload) {
        return B64.encodeToString(MirrorRoutes.hmac(frameKey,
                MAGIC + "\n" + carrier + "\n" + origin + "\n" + seq + "\n" + payload));
    }

    /** Constant-time comparison of a received MAC with the expected one. */
    public boolean verify(String carrier, String origin, long seq, String payload, String receivedMac) {
        byte[] expected = mac(carrier, origin, seq, payload).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, receivedMac.getBytes(StandardCharsets.US_ASCII));
    }

    /** Parses JSON received in a verified payload: exactly one JSON value, nothing after it. */
    public static JsonNode parse(String json) throws JsonProcessingException {
        JsonNode node = STRICT.readTree(json);
        if (node == null || node.isMissingNode()) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, "no JSON value");
        }
        return node;
    }
}
