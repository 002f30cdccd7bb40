package org.orbited.bridge.irc;

import java.io.IOException;
import org.pircbotx.Configuration;
import org.pircbotx.InputParser;
import org.pircbotx.PircBotX;
import org.pircbotx.exception.IrcException;

/**
 * PircBotX's bot factory with one addition: the server's {@code ERROR :...} line is reported before PircBotX
 * handles it. PircBotX 2.1 closes the link on ERROR without any event, and that line is often the only reason a
 * server gives (ngircd answers a wrong server password with {@code ERROR :Access denied: Bad password?} and no
 * 464). Called on the connection's reader thread; the listener must not block.
 */
final class ErrorLineWatch extends Configuration.BotFactory {
    /** Receives {@code (bot, the ERROR line)}. */
    interface Listener {
        void onError(PircBotX bot, String line);
    }

    private final Listener listener;

    ErrorLineWatch(Listener listener) {
        this.listener = listener;
    }

    @Override
    public InputParser createInputParser(PircBotX bot) {
        return new InputParser(bot) {
            @Override
            public void handleLine(String rawLine) throws IOException, IrcException {
                if (rawLine != null && rawLine.regionMatches(true, 0, "ERROR", 0, 5)) {
                    listener.onError(bot, rawLine);
                }
                super.handleLine(rawLine);
            }
        };
    }
}
