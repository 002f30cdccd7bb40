package org.orbited.bridge.irc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link NetworkConnection} learns from the server's ISUPPORT (005) lines: {@code CASEMAPPING} and
 * {@code CHANLIMIT} are reported to the {@link NetworkConnection.Callbacks}, {@code TOPICLEN} is kept for
 * {@link #topicLength()}. Other tokens are ignored.
 *
 * <p><b>Threads.</b> {@link #read} runs on the connection's reader thread; {@link #topicLength()} may be read on any.
 */
final class ServerIsupport {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkConnection.class);  // the connection's log lines

    private final IrcOptions options;
    private final NetworkConnection.Callbacks callbacks;
    private volatile int topicLength;  // ISUPPORT TOPICLEN, 0 when the server named none

    ServerIsupport(IrcOptions options, NetworkConnection.Callbacks callbacks) {
        this.options = options;
        this.callbacks = callbacks;
    }

    /** The server's ISUPPORT {@code TOPICLEN}, or 0 when it gave none. */
    int topicLength() {
        return topicLength;
    }

    /** Reads the tokens of one 005 line (reader thread, inline; never blocks). */
    void read(Iterable<String> tokens) {
        for (String token : tokens) {
            if (token.regionMatches(true, 0, "CASEMAPPING=", 0, 12)) {
                String value = token.substring(12);
                CaseMapping.known(value).ifPresentOrElse(callbacks::onCaseMapping, () -> LOG.warn(
                        "IRC {}: unknown CASEMAPPING={}; keeping casemapping = {} (channel names differing only"
                                + " in other characters are treated as different)", options.network(), value,
                        options.caseMapping().token()));
            } else if (token.regionMatches(true, 0, "TOPICLEN=", 0, 9)) {
                try {
                    topicLength = Math.max(0, Integer.parseInt(token.substring(9)));
                } catch (NumberFormatException ignored) {
                    // no usable limit: the 510-byte line limit still holds
                }
            } else if (token.regionMatches(true, 0, "CHANLIMIT=", 0, 10)) {
                int limit = channelLimit(token.substring(10));
                if (limit > 0) {
                    callbacks.onChannelLimit(limit);
                }
            }
        }
    }

    /**
     * The smallest limit of an ISUPPORT {@code CHANLIMIT} value ({@code #&:10} or {@code #:20,&:5}), or 0 when
     * none is given (an empty limit means unlimited).
     */
    static int channelLimit(String value) {
        int min = 0;
        for (String part : value.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0 || colon == part.length() - 1) {
                continue;
            }
            try {
                int n = Integer.parseInt(part.substring(colon + 1));
                if (n > 0 && (min == 0 || n < min)) {
                    min = n;
                }
            } catch (NumberFormatException ignored) {
                // not a number: no limit from this part
            }
        }
        return min;
    }
}
