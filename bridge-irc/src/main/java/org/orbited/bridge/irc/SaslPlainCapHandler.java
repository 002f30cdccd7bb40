package org.orbited.bridge.irc;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.pircbotx.PircBotX;
import org.pircbotx.cap.CapHandler;

/**
 * SASL PLAIN for the bridge's own connection, replacing PircBotX's {@code SASLCapHandler}, which leaves the
 * registration hanging when the server lacks the {@code sasl} capability (CAP END is never sent;
 * /work/notes/irc-pircbotx.md section 3) and finishes on 900 before 903.
 *
 * <p><b>Contract.</b> SASL is never skipped silently: if the server's {@code CAP LS} does not offer {@code sasl}
 * (or offers {@code sasl=...} without PLAIN), or NAKs it, or answers 902/904/905/906/908, the handler does not
 * finish (so PircBotX never sends CAP END and the server never completes an unauthenticated registration) and calls
 * {@link Failure#failed} with {@link LinkFailure#SASL_UNAVAILABLE} or {@link LinkFailure#SASL_FAILED}; the
 * connection then closes the link and backs off. It finishes (CAP END follows) on 903 or 907 only. Stateless: one
 * instance serves every attempt; called on the connection's reader thread.
 */
final class SaslPlainCapHandler implements CapHandler {
    /** IRCv3: AUTHENTICATE payloads go in chunks of at most 400 bytes. */
    static final int CHUNK = 400;

    /** Told when SASL cannot succeed on {@code bot}'s link; must not block. */
    interface Failure {
        void failed(PircBotX bot, LinkFailure failure);
    }

    private final String user;
    private final String password;
    private final Failure failure;

    SaslPlainCapHandler(String user, String password, Failure failure) {
        this.user = user;
        this.password = password;
        this.failure = failure;
    }

    /**
     * The {@code AUTHENTICATE} lines for PLAIN: base64 of {@code authzid \0 authcid \0 password} (UTF-8), in chunks
     * of {@value #CHUNK}; an {@code AUTHENTICATE +} follows a last chunk of exactly 400 bytes (and stands for an
     * empty payload), per the IRCv3 SASL 3.1 specification.
     */
    static List<String> authenticateLines(String authzid, String authcid, String password) {
        String payload = Base64.getEncoder().encodeToString((authzid + "\0" + authcid + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < payload.length(); i += CHUNK) {
            lines.add("AUTHENTICATE " + payload.substring(i, Math.min(payload.length(), i + CHUNK)));
        }
        if (payload.length() % CHUNK == 0) {
            lines.add("AUTHENTICATE +");
        }
        return lines;
    }

    @Override
    public boolean handleLS(PircBotX bot, ImmutableList<String> capabilities) {
        for (String cap : capabilities) {
            String c = cap.toLowerCase(Locale.ROOT);
            if (c.equals("sasl") || c.startsWith("sasl=") && List.of(c.substring(5).split(",")).contains("plain")) {
                bot.sendCAP().request("sasl");
                return false;
            }
        }
        failure.failed(bot, new LinkFailure(LinkFailure.SASL_UNAVAILABLE, "sasl.user is set but the server offers"
                + " no SASL PLAIN (CAP LS: " + String.join(" ", capabilities) + "); not registering without it"));
        return false;
    }

    @Override
    public boolean handleACK(PircBotX bot, ImmutableList<String> capabilities) {
        if (capabilities.stream().anyMatch(c -> c.equalsIgnoreCase("sasl"))) {
            bot.sendRaw().rawLineNow("AUTHENTICATE PLAIN");
        }
        return false;
    }

    @Override
    public boolean handleNAK(PircBotX bot, ImmutableList<String> capabilities) {
        if (capabilities.stream().anyMatch(c -> c.equalsIgnoreCase("sasl"))) {
            failure.failed(bot, new LinkFailure(LinkFailure.SASL_UNAVAILABLE, "the server refused CAP REQ sasl"));
        }
        return false;
    }

    @Override
    public boolean handleUnknown(PircBotX bot, String rawLine) {
        String[] tokens = rawLine.split(" ", 3);
        if (tokens.length >= 2 && tokens[0].equals("AUTHENTICATE") && tokens[1].equals("+")) {
            authenticateLines(user, user, password).forEach(l -> bot.sendRaw().rawLineNow(l));
            return false;
        }
        if (tokens.length < 2 || !tokens[0].startsWith(":")) {
            return false;
        }
        switch (tokens[1]) {
            case "903", "907":
                return true;  // authenticated (or already): CAP END may go
            case "902", "904", "905", "906", "908":
                failure.failed(bot, LinkFailure.numeric(Integer.parseInt(tokens[1]), tokens.length > 2 ? tokens[2] : ""));
                return false;
            default:
                return false;
        }
    }

    @Override
    public String toString() {
        return "SaslPlainCapHandler[" + user + "]";  // never the password
    }
}
