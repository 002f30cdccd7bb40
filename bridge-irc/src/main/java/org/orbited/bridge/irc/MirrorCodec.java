package org.orbited.bridge.irc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.orbited.bridge.common.TextRules;

/**
 * The mirror-mode wire format: one Bayeux publication as a few IRC PRIVMSG texts (docs/irc.md "Mirror mode").
 * Stateless and thread-safe.
 *
 * <p><b>Payload</b>: {@code <sent> <bayeux channel> <json>}: {@code sent} is the sender's wall clock when it framed
 * the message (decimal milliseconds since the epoch; receivers refuse stale ones, see {@link MirrorReceiver}), the
 * data serialized compactly by Jackson. JSON escapes every
 * C0 control, so no CR, LF or NUL can appear; this class also escapes DEL and lone surrogates as {@code \\uXXXX}
 * (both still valid JSON that parses back to the same string), so the payload is printable, well-formed UTF-8.
 *
 * <p><b>Fragments</b>: the payload is cut into chunks of whole code points ({@link #chunks}), each sent as
 * <pre>
 *   OM2 &lt;origin&gt; &lt;seq&gt; &lt;i&gt;/&lt;n&gt; &lt;chunk&gt;.          for i &lt; n
 *   OM2 &lt;origin&gt; &lt;seq&gt; &lt;n&gt;/&lt;n&gt; &lt;mac&gt; &lt;chunk&gt;.    the last one
 * </pre>
 * {@code origin} is the sending node's random token (16 base32 characters, new at every start; a receiver drops
 * frames carrying its own), {@code seq} its
 * counter for that IRC channel (from 1). The final {@code .} protects the chunk's trailing spaces: PircBotX trims
 * incoming lines. {@code mac} is base64url (no padding) of
 * {@code HMAC-SHA256(K, "OM2\n" + ircChannel + "\n" + origin + "\n" + seq + "\n" + payload)},
 * {@code K = HMAC-SHA256(mirror.secret, "orbited-mirror-frame")}: one MAC per message, in its last fragment, because
 * nothing is published before the whole payload is verified, and a MAC per line would cost 44 of the ~350 bytes
 * each line may carry. The IRC channel is in the MAC so a frame cannot be replayed into another mirror channel.
 *
 * <p><b>Size</b>: each fragment is budgeted for the line other clients receive,
 * {@code :nick!user@host PRIVMSG #channel :text\r\n} ({@link LineBudget}, the nick counted as at least
 * {@value #BUDGET_NICK} bytes), minus a fixed {@value #HEADER_BYTES}-byte worst-case header.
 */
final class MirrorCodec {
    /** Format version 2: version 1 ({@code OM1}) had no {@code sent} time in the payload. */
    static final String MAGIC = "OM2";
    /** Most characters of {@code sent} plus its space: 13 digits until the year 2286, 19 at most. */
    static final int SENT_CHARS = 20;
    /** Worst case of everything but the chunk: magic, origin, 19-digit seq, 999/999, MAC, spaces, terminator. */
    static final int HEADER_BYTES = 4 + 16 + 1 + 19 + 1 + 7 + 1 + 43 + 1 + 1;
    /** The nick length the budget assumes at least (the longest nick {@link IrcOptions} accepts). */
    static final int BUDGET_NICK = 30;
    /** Most fragments one message may have. */
    static final int MAX_FRAGMENTS = 999;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.databind.ObjectReader STRICT = JSON.reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] frameKey;

    MirrorCodec(byte[] secret) {
        this.frameKey = MirrorRoutes.hmac(secret, "orbited-mirror-frame");
    }

    /** Compact JSON of {@code data} with DEL and lone surrogates escaped (see the class). */
    static String toJson(JsonNode data) {
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
            boolean escape = c == 0x7F || (!pair && Character.isSurrogate(c)) || c < 0x20;
            if (escape && out == null) {
                out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
            }
            if (escape) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
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
    static int size(JsonNode data) {
        return TextRules.utf8Length(toJson(data));
    }

    /**
     * Fragments needed at most for a payload of {@code payloadBytes} under the smallest budget (50-char channel):
     * every chunk but the last is full to within one code point (3 bytes), see {@link #chunks}.
     */
    static int maxFragments(int payloadBytes) {
        int least = chunkBytes(BUDGET_NICK, MirrorOptions.MAX_CHANNEL_LENGTH) - 3;
        return (payloadBytes + least - 1) / least + 1;
    }

    /** The longest payload of a message whose data has {@code maxBytes} bytes ({@code sent}, channel, JSON). */
    static int maxPayloadBytes(int maxBytes) {
        return SENT_CHARS + org.orbited.plugin.ChannelId.MAX_LENGTH + 1 + maxBytes;
    }

    private static int chunkBytes(int nickBytes, int channelBytes) {
        return LineBudget.forSender("n".repeat(nickBytes), null, null, "#".repeat(channelBytes)).textBytes()
                - HEADER_BYTES;
    }

    /**
     * The PRIVMSG texts carrying {@code json} (from {@link #toJson}) on {@code bayeuxChannel} through
     * {@code ircChannel}, in order, for a sender now called {@code nick}, stamped {@code sentMillis} (wall clock).
     *
     * @throws IllegalArgumentException when it would need more than {@value #MAX_FRAGMENTS} fragments
     */
    List<String> encode(String ircChannel, String origin, long seq, long sentMillis, String bayeuxChannel, String json,
                        String nick) {
        String payload = sentMillis + " " + bayeuxChannel + " " + json;
        int nickBytes = Math.max(BUDGET_NICK, TextRules.utf8Length(nick));
        List<String> chunks = chunks(payload, chunkBytes(nickBytes, TextRules.utf8Length(ircChannel)));
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
                    : head + n + "/" + n + " " + mac(ircChannel, origin, seq, payload) + " " + chunk + ".");
        }
        return frames;
    }

    /**
     * Cuts {@code payload} into runs of whole code points of at most {@code limit} UTF-8 bytes each, as full as
     * possible: the payload is for machines, so unlike {@link IrcText#split} no word or grapheme boundary is
     * preferred (which could make a chunk a quarter of the budget), and receivers simply concatenate the chunks.
     */
    static List<String> chunks(String payload, int limit) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < payload.length(); ) {
            int cp = payload.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
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
    String mac(String ircChannel, String origin, long seq, String payload) {
        return B64.encodeToString(MirrorRoutes.hmac(frameKey,
                MAGIC + "\n" + ircChannel + "\n" + origin + "\n" + seq + "\n" + payload));
    }

    /** Constant-time comparison of a received MAC with the expected one. */
    boolean verify(String ircChannel, String origin, long seq, String payload, String receivedMac) {
        byte[] expected = mac(ircChannel, origin, seq, payload).getBytes(StandardCharsets.US_ASCII);
        return java.security.MessageDigest.isEqual(expected, receivedMac.getBytes(StandardCharsets.US_ASCII));
    }

    /** Parses JSON received in a verified payload: exactly one JSON value, nothing after it. */
    static JsonNode parse(String json) throws JsonProcessingException {
        JsonNode node = STRICT.readTree(json);
        if (node == null || node.isMissingNode()) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, "no JSON value");
        }
        return node;
    }
}
