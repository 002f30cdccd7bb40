package org.orbited.bridge.xmpp;

import java.util.Locale;
import org.orbited.bridge.common.OptionReader;
import org.orbited.bridge.common.mirror.MirrorCarriers;
import org.orbited.bridge.common.mirror.MirrorRoutes;

/**
 * Mirror mode's carriers on XMPP: MUC rooms on {@code muc} whose localpart is {@code mirror.prefix} (default
 * {@value #DEFAULT_PREFIX}, lower case, a valid localpart) plus the hash; {@code mirror.key} is the rooms' password
 * (no control characters, at most {@value #MAX_KEY_BYTES} bytes); a fragment is one message body of at most
 * {@value #BODY_BYTES} UTF-8 bytes, far below prosody's 256 KiB stanza limit, so a frame of {@code mirror.max_bytes}
 * normally crosses in one stanza. Stateless.
 */
final class XmppMirrorCarriers implements MirrorCarriers {
    /** The one instance. */
    static final XmppMirrorCarriers INSTANCE = new XmppMirrorCarriers();
    /** {@code mirror.prefix}' default. */
    static final String DEFAULT_PREFIX = "orbited-mirror-";
    /** The most UTF-8 bytes of one mirror message body. */
    static final int BODY_BYTES = 96 * 1024;
    static final int MAX_KEY_BYTES = 128;

    private XmppMirrorCarriers() {
    }

    @Override
    public String prefix(OptionReader r, String configured) {
        String prefix = configured == null ? DEFAULT_PREFIX : configured;
        String problem = XmppText.localpartProblem(prefix + "a".repeat(MirrorRoutes.HASH_CHARS));
        if (problem != null) {
            throw r.bad("mirror.prefix", problem);
        }
        if (!prefix.equals(prefix.toLowerCase(Locale.ROOT))) {
            throw r.bad("mirror.prefix", "'" + prefix + "' must be in lower case (room names are)");
        }
        return prefix;
    }

    @Override
    public void checkKey(OptionReader r, String key) {
        if (XmppText.utf8Length(key) > MAX_KEY_BYTES) {
            throw r.bad("mirror.key", "is longer than " + MAX_KEY_BYTES + " bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                throw r.bad("mirror.key", String.format(Locale.ROOT, "character U+%04X at offset %d is not allowed",
                        (int) c, i));
            }
        }
    }

    @Override
    public int textBytes(String sender, String carrier) {
        return BODY_BYTES;
    }

    @Override
    public int leastTextBytes() {
        return BODY_BYTES;
    }
}
