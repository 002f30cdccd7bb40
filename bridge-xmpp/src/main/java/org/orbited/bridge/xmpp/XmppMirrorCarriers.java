package org.orbited.bridge.xmpp;

import java.util.Locale;
import org.orbited.bridge.common.OptionReader;
import org.orbited.bridge.common.mirror.MirrorCarriers;
import org.orbited.bridge.common.mirror.MirrorCodec;
import org.orbited.bridge.common.mirror.MirrorOptions;
import org.orbited.bridge.common.mirror.MirrorRoutes;

/**
 * The XMPP bridge's mirror carriers (docs/xmpp.md "Mirror mode"): MUC rooms named {@code mirror.prefix} plus the
 * route's hash, entered with {@code mirror.key} as the room password, one frame per message body. Stateless.
 *
 * <ul>
 * <li>{@code mirror.prefix}: default {@value #DEFAULT_PREFIX}; lower case (XMPP folds localparts, the name must be
 *     the one the room reports), and with the hash a valid room localpart.
 * <li>{@code mirror.key}: a room password of 1 to {@value #MAX_KEY_CHARS} characters, none of them a control
 *     character, a non-XML character (U+FFFE, U+FFFF) or a lone surrogate.
 * <li>A body carries {@value #FRAME_BYTES} bytes: the largest message ({@code mirror.max_bytes} at most 64 KiB, with
 *     its time and channel) in one frame, about 66 KiB, far below prosody's 256 KiB stanza limit.
 * </ul>
 */
final class XmppMirrorCarriers implements MirrorCarriers {
    static final XmppMirrorCarriers INSTANCE = new XmppMirrorCarriers();
    static final String DEFAULT_PREFIX = "orbited-mirror-";
    static final int MAX_KEY_CHARS = 256;
    /** One frame per message: the longest payload plus the frame's header. */
    static final int FRAME_BYTES = MirrorCodec.maxPayloadBytes(MirrorOptions.HARD_MAX_BYTES) + MirrorCodec.HEADER_BYTES;

    private XmppMirrorCarriers() {
    }

    @Override
    public String prefix(OptionReader r, String configured) {
        String prefix = configured == null ? DEFAULT_PREFIX : configured;
        if (!prefix.equals(prefix.toLowerCase(Locale.ROOT))) {
            throw r.bad("mirror.prefix", "'" + prefix + "' must be in lower case (room names are)");
        }
        String problem = XmppText.localpartProblem(prefix + "a".repeat(MirrorRoutes.HASH_CHARS));
        if (problem != null) {
            throw r.bad("mirror.prefix", problem);
        }
        return prefix;
    }

    @Override
    public void checkKey(OptionReader r, String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            throw r.bad("mirror.key", "must be 1 to " + MAX_KEY_CHARS + " characters (the rooms' password)");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1));
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xFFFE || c == 0xFFFF
                    || (Character.isSurrogate(c) && !pair)) {
                throw r.bad("mirror.key", String.format(Locale.ROOT, "character U+%04X at offset %d is not allowed",
                        (int) c, i));
            }
            if (pair) {
                i++;
            }
        }
    }

    @Override
    public int textBytes(String sender, String carrier) {
        return FRAME_BYTES;
    }

    @Override
    public int leastTextBytes() {
        return FRAME_BYTES;
    }
}
