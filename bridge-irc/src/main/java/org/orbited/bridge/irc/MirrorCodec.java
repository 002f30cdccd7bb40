package org.orbited.bridge.irc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The mirror-mode wire format: one Bayeux publication as a few IRC PRIVMSG texts (docs/irc.md "Mirror mode").
 * Stateless and thread-safe.
 *
 * <p><b>Payload</b>: {@code <bayeux channel> <json>}, the data serialized compactly by Jackson. JSON escapes every
 * C0 control, so no CR, LF or NUL can appear; this class also escapes DEL and lone surrogates as {@code \\uXXXX}
 * (both still valid JSON that parses back to the same string), so the payload is printable, well-formed UTF-8.
 *
 * <p><b>Fragments</b>: the payload is cut into chunks of whole code points ({@link IrcText#split}), each sent as
 * <pre>
 *   OM1 &lt;origin&gt; &lt;seq&gt; &lt;i&gt;/&lt;n&gt; &lt;chunk&gt;.          for i &lt; n
 *   OM1 &lt;origin&gt; &lt;seq&gt; &lt;n&gt;/&lt;n&gt; &lt;mac&gt; &lt;chunk&gt;.    the last one
 * </pre>
 * {@code origin} is the sending node's random token (16 base32 characters, new at every start), {@code seq} its
 * counter for that IRC channel (from 1). The final {@code .} protects the chunk's trailing spaces: PircBotX trims
 * incoming lines. {@code mac} is base64url (no padding) of
 * {@code HMAC-SHA256(K, "OM1\n" + ircChannel + "\n" + origin + "\n" + seq + "\n" + payload)},
 * {@code K = HMAC-SHA256(mirror.secret, "orbited-mirror-frame")}: one MAC per message, in its last fragment, because
 * nothing is published before the whole payload is verified, and a MAC per line would cost 44 of the ~350 bytes
 * each line may carry. The IRC channel is in the MAC so a frame cannot be replayed into another mirror channel.
 *
 * <p><b>Size</b>: each fragment is budgeted for the line other clients receive,
 * {@code :nick!user@host PRIVMSG #channel :text\r\n} ({@link LineBudget}, the nick counted as at least
 * {@value #BUDGET_NICK} bytes), minus a fixed {@value #HEADER_BYTES}-byte worst-case header.
 */
final class MirrorCodec {
    static final String MAGIC = "OM1";
    /** Worst case of everything but the chunk: magic, origin, 19-digit seq, 999/999, MAC, spaces, terminator. */
    static final int HEADER_BYTES = 4 + 16 + 1 + 19 + 1 + 7 + 1 + 43 + 1 + 1;
    /** The nick length the budget assumes at least (the longest nick {@link IrcOptions} accepts). */
    static final int BUDGET_NICK = 30;
    /** Most fragments one message may have. */
    static final int MAX_FRAGMENTS = 999;
    private static final ObjectMapper JSON = new ObjectMapper();
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
        return IrcText.utf8Length(toJson(data));
    }

    /** Fragments needed at most for a payload of {@code payloadBytes} under the smallest budget (50-char channel). */
    static int maxFragments(int payloadBytes) {
        int chunk = chunkBytes(BUDGET_NICK, MirrorOptions.MAX_CHANNEL_LENGTH);
        return (payloadBytes + chunk - 1) / chunk + 1;
    }

    private static int chunkBytes(int nickBytes, int channelBytes) {
        return LineBudget.forSender("n".repeat(nickBytes), null, null, "#".repeat(channelBytes)).textBytes()
                - HEADER_BYTES;
    }

    /**
     * The PRIVMSG texts carrying {@code json} (from {@link #toJson}) on {@code bayeuxChannel} through
     * {@code ircChannel}, in order, for a sender now called {@code nick}.
     *
     * @throws IllegalArgumentException when it would need more than {@value #MAX_FRAGMENTS} fragments
     */
    List<String> encode(String ircChannel, String origin, long seq, String bayeuxChannel, String json, String nick) {
        String payload = bayeuxChannel + " " + json;
        int nickBytes = Math.max(BUDGET_NICK, IrcText.utf8Length(nick));
        List<String> chunks;
        try {
            chunks = IrcText.split(payload, new LineBudget(chunkBytes(nickBytes, IrcText.utf8Length(ircChannel))),
                    MAX_FRAGMENTS);
        } catch (IrcTextException e) {
            throw new IllegalArgumentException("cannot frame " + bayeuxChannel + ": " + e.getMessage(), e);
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

    /** Parses JSON received in a verified payload. */
    static JsonNode parse(String json) throws JsonProcessingException {
        return JSON.readTree(json);
    }
}
