package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.SayService;
import org.orbited.bridge.common.TextRules;
import org.orbited.bridge.common.VisitorNames;

/**
 * Relay mode's request shape and its IRC lines (docs/irc.md "Relay mode").
 *
 * <p>A browser calls the {@code say} service ({@link SayService}) with {@code {"channel": "#help", "text": "hi",
 * "name": "alice"}}; {@code text} (required, a string) is what it says; {@code name} (optional) the name it wants to
 * appear under. The name shown
 * on IRC is: {@link VisitorNames}' (principal, or guest affixes around the
 * name or {@code guest} and 4 digits; a {@code name} that does not match {@code nick.pattern} is refused with
 * {@code irc_bad_name}). The line is {@code relay.format} with {@code {nick}} replaced,
 * one space, the text, split into at most {@link #MAX_LINES} lines under the bridge's {@link LineBudget} with the
 * prefix repeated on each. Refusals ({@link Refused}) carry a stable code and answer the service call; what goes
 * wrong after acceptance (the link dropped, the bridge was kicked) goes back to the speaker alone as
 * {@code {"type":"error","code":...,"message":...,"time":...}} on the channel ({@link BridgeEvent#error}). Stateless.
 */
final class RelayMessage {
    /** At most this many IRC lines per publish (a 2 KB text takes about 5). */
    static final int MAX_LINES = 8;

    private RelayMessage() {
    }

    /**
     * The IRC lines (PRIVMSG texts) for what {@code visitor} says ({@code data}'s {@code text}), checked and split:
     * each is {@code relay.format} with the name, one space and a piece of the text; for an action
     * ({@code /me}) each is {@code * name } and a piece instead (an action of the bridge itself would read
     * {@code * bridge <alice_web> waves}).
     */
    static List<String> lines(IrcOptions options, String bridgeNick, String ircChannel, String visitor,
                              JsonNode data, boolean action) throws Refused {
        JsonNode text = data.get("text");
        if (!data.isObject() || text == null || !text.isTextual()) {
            throw new Refused("irc_bad_data", "{\"channel\": \"#name\", \"text\": \"...\"} (text a string)");
        }
        String prefix = action ? "* " + visitor + " " : options.relayFormat().replace("{nick}", visitor) + " ";
        LineBudget whole = LineBudget.forSender(bridgeNick, null, null, ircChannel);
        try {
            IrcText.checkOutgoing(prefix.strip());
            LineBudget budget = new LineBudget(whole.textBytes() - TextRules.utf8Length(prefix));
            List<String> lines = new ArrayList<>();
            for (String piece : IrcText.split(text.asText(), budget, MAX_LINES)) {
                lines.add(prefix + piece);
            }
            return lines;
        } catch (IrcTextException e) {
            throw new Refused(e.reason().code(), e.getMessage());
        } catch (IllegalArgumentException e) {  // budget below the minimum: absurd prefix
            throw new Refused("irc_bad_name", e.getMessage());
        }
    }
}
