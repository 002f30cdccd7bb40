package org.orbited.plugin;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The reversible escape that turns IRC channel names and XMPP room JIDs into Bayeux channel segments (reference
 * section 10.1). Layout: {@code /irc/<network>/<channel>} (IRC name with its {@code # & + !} prefix) and
 * {@code /xmpp/<muc-service>/<room>} (MUC domain, room JID localpart), each part escaped into one segment.
 *
 * <p><b>Escape:</b> take the UTF-8 bytes; copy each byte in {@code [A-Za-z0-9-_!~()@]}; write every other byte,
 * {@code $} included, as {@code $} and two uppercase hex digits. <b>Unescape</b> accepts only that canonical
 * form: it rejects lowercase hex, truncated escapes, escapes of bytes that would have been copied ({@code $41})
 * and invalid UTF-8. Hence {@code unescape(escape(n)).equals(n)} for every name and
 * {@code escape(unescape(s)).equals(s)} for every accepted segment, and an escaped name is always a valid
 * {@link ChannelId} segment (never {@code *} or {@code **}).
 *
 * <p>Case folding (IRC {@code CASEMAPPING}, JID normalisation) is the bridge's job and happens before escaping;
 * this class maps exactly the string it is given. Strings must be well-formed UTF-16 (no lone surrogates).
 * Stateless and thread-safe.
 */
public final class BridgeChannelNames {

    /** First segment of bridged IRC channels. */
    public static final String IRC_ROOT = "irc";
    /** First segment of bridged XMPP rooms. */
    public static final String XMPP_ROOT = "xmpp";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private BridgeChannelNames() {
    }

    /**
     * Escapes one name into one segment.
     *
     * @throws IllegalArgumentException for an empty name or one that is not well-formed UTF-16
     */
    public static String escape(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a bridged name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("bridged name '" + name + "' has a lone surrogate at offset " + i);
            }
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (isCopied(v)) {
                out.append((char) v);
            } else {
                out.append('$').append(HEX[v >> 4]).append(HEX[v & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Reverses {@link #escape}, accepting only its canonical output.
     *
     * @throws IllegalArgumentException naming the segment and the offending position
     */
    public static String unescape(String segment) {
        if (segment == null || segment.isEmpty()) {
            throw new IllegalArgumentException("an escaped segment must not be empty");
        }
        ByteBuffer bytes = ByteBuffer.allocate(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '$') {
                if (i + 2 >= segment.length()) {
                    throw bad(segment, i, "truncated escape");
                }
                int hi = hexDigit(segment.charAt(i + 1));
                int lo = hexDigit(segment.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw bad(segment, i, "escape needs two uppercase hex digits");
                }
                int v = hi << 4 | lo;
                if (isCopied(v)) {
                    throw bad(segment, i, "escape of '" + (char) v + "', which is written as itself");
                }
                bytes.put((byte) v);
                i += 2;
            } else if (c < 0x80 && isCopied(c)) {
                bytes.put((byte) c);
            } else {
                throw bad(segment, i, "character '" + c + "' must be escaped");
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("escaped segment '" + segment + "' is not UTF-8 once unescaped", e);
        }
    }

    /** {@code /irc/<escaped network>/<escaped channel>}. */
    public static ChannelId ircChannel(String network, String channel) {
        return ChannelId.parse("/" + IRC_ROOT + "/" + escape(network) + "/" + escape(channel));
    }

    /** {@code /xmpp/<escaped MUC service>/<escaped room localpart>}. */
    public static ChannelId xmppRoom(String mucService, String room) {
        return ChannelId.parse("/" + XMPP_ROOT + "/" + escape(mucService) + "/" + escape(room));
    }

    /** The bytes written as themselves: {@code [A-Za-z0-9-_!~()@]}; every other byte is escaped. */
    static boolean isCopied(int v) {
        return (v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9')
                || v == '-' || v == '_' || v == '!' || v == '~' || v == '(' || v == ')' || v == '@';
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static IllegalArgumentException bad(String segment, int index, String why) {
        return new IllegalArgumentException("invalid escaped segment '" + segment + "' at offset " + index + ": "
                + why);
    }
}
