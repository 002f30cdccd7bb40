package org.orbited.bridge.irc;

/**
 * Byte limits of the raw lines a connection sends besides split messages (B7): a topic and a QUIT reason. PircBotX
 * counts characters, and a line over 512 bytes makes servers drop the connection (ngircd: "Request too long"), so
 * these are counted in UTF-8 bytes. Pure.
 */
final class OutgoingLimits {
    /** A QUIT reason is cut (at a character boundary) to at most this many UTF-8 bytes. */
    static final int MAX_QUIT_REASON_BYTES = 300;

    private OutgoingLimits() {
    }

    /**
     * B7: refuses a topic whose line {@code TOPIC <channel> :<text>} is over 510 UTF-8 bytes (the server would drop
     * the connection: "Request too long"), or whose text is over {@code topicLength} bytes when that is above 0 (the
     * server's ISUPPORT TOPICLEN; counting bytes is never looser than counting characters). Pure.
     */
    static void checkTopic(String channel, String text, int topicLength) {
        int textBytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int lineBytes = ("TOPIC " + channel + " :").getBytes(java.nio.charset.StandardCharsets.UTF_8).length + textBytes;
        if (lineBytes > 510 || (topicLength > 0 && textBytes > topicLength)) {
            throw new IrcTextException(IrcTextException.Reason.TOO_LONG, -1, String.format(java.util.Locale.ROOT,
                    "the topic is %d bytes in UTF-8; at most %d fit", textBytes,
                    Math.min(510 - (lineBytes - textBytes), topicLength > 0 ? topicLength : Integer.MAX_VALUE)));
        }
    }

    /**
     * A QUIT reason cut to at most {@link #MAX_QUIT_REASON_BYTES} UTF-8 bytes, at a code point boundary (never half
     * a surrogate pair); a shorter one is returned as it is. Pure.
     */
    static String quitReason(String reason) {
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > MAX_QUIT_REASON_BYTES) {
                return reason.substring(0, i);
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return reason;
    }
}
