package org.orbited.bridge.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.TextRules;

/**
 * The text safety rules between browsers and XMPP (docs/xmpp.md "Text safety"). Plain Java, stateless,
 * thread-safe.
 *
 * <h2>Outgoing (browser to XMPP)</h2>
 * Smack escapes markup ({@code <}, {@code &}) itself, but does not check that characters are allowed in XML:
 * a body with U+0000, U+001B or U+FFFF goes out raw and prosody closes the whole session with
 * {@code not-well-formed} (/work/notes/xmpp-smack.md section 6). {@link #checkOutgoing} therefore <b>refuses</b>
 * (never strips) text with:
 * <ul>
 *   <li>nothing in it ({@link #EMPTY});</li>
 *   <li>a control character other than TAB, LF and CR, DEL or a C1 control ({@link #CONTROL});</li>
 *   <li>a character outside XML 1.0's {@code Char} production: U+FFFE, U+FFFF ({@link #INVALID_CHAR});</li>
 *   <li>a lone UTF-16 surrogate ({@link #LONE_SURROGATE}): it would go out as {@code ?};</li>
 *   <li>an invisible format character: bidi overrides and isolates, zero-width characters
 *       ({@link #INVISIBLE}, {@link TextRules#isInvisible}, the same set as IRC's);</li>
 *   <li>more than {@code text.max} UTF-8 bytes ({@link #TOO_LONG}); XMPP bodies may have several lines, so text
 *       is never split.</li>
 * </ul>
 * Nicks ({@link #nickProblem}) are checked the same way, plus: trimmed, no space, {@code @} or {@code /}, at most
 * {@link #MAX_NICK_BYTES} bytes, and valid as a JID resource.
 *
 * <h2>Incoming (XMPP to browser)</h2>
 * {@link #clean} removes control characters except LF and TAB and the invisible format characters, and cuts a
 * body over {@link #MAX_INCOMING_BYTES} at a character boundary ({@code "truncated": true} on the event). The
 * result goes into JSON {@code text}, never into markup.
 */
public final class XmppText {
    /** The codes of {@link #checkOutgoing}'s refusals. */
    public static final String EMPTY = "xmpp_text_empty";
    public static final String CONTROL = "xmpp_text_control";
    public static final String INVALID_CHAR = "xmpp_text_invalid_char";
    public static final String LONE_SURROGATE = "xmpp_text_lone_surrogate";
    public static final String INVISIBLE = "xmpp_text_invisible";
    public static final String TOO_LONG = "xmpp_text_too_long";
    /** A nick that is not acceptable. */
    public static final String BAD_NICK = "xmpp_bad_nick";

    /** Incoming bodies, subjects and status texts are cut at this many UTF-8 bytes. */
    public static final int MAX_INCOMING_BYTES = 64 * 1024;
    /** The longest nick, in UTF-8 bytes. */
    public static final int MAX_NICK_BYTES = 64;

    private XmppText() {
    }

    /** Text as it reaches browsers: cleaned, and whether it was cut. */
    public record Cleaned(String text, boolean truncated) {
    }

    /**
     * Checks text a browser wants to send (a body, a subject, a status text), as described on the class.
     *
     * @param maxBytes {@code text.max}
     * @throws Refused with the first problem's code and offset
     */
    public static void checkOutgoing(String text, int maxBytes) throws Refused {
        if (text == null || text.isEmpty() || text.isBlank()) {
            throw new Refused(EMPTY, "empty text cannot be sent to XMPP");
        }
        String problem = characterProblem(text, true);
        if (problem != null) {
            throw new Refused(problem.substring(0, problem.indexOf(' ')), problem.substring(problem.indexOf(' ') + 1));
        }
        int bytes = utf8Length(text);
        if (bytes > maxBytes) {
            throw new Refused(TOO_LONG, "text is " + bytes + " UTF-8 bytes; at most " + maxBytes + " (text.max)");
        }
    }

    /** As {@link #checkOutgoing} for a nick: null when acceptable, else why not. */
    public static String nickProblem(String nick) {
        if (nick == null || nick.isEmpty()) {
            return "a nick must not be empty";
        }
        if (!nick.strip().equals(nick)) {
            return "a nick must not start or end with white space";
        }
        String problem = characterProblem(nick, false);
        if (problem != null) {
            return problem.substring(problem.indexOf(' ') + 1);
        }
        for (int i = 0; i < nick.length(); i++) {
            char c = nick.charAt(i);
            if (c == '@' || c == '/' || Character.isWhitespace(c)) {
                return String.format(Locale.ROOT, "a nick must not contain U+%04X (offset %d)", (int) c, i);
            }
        }
        if (utf8Length(nick) > MAX_NICK_BYTES) {
            return "a nick is at most " + MAX_NICK_BYTES + " UTF-8 bytes";
        }
        try {
            Resourcepart.from(nick);
        } catch (XmppStringprepException e) {
            return "'" + nick + "' is not a valid XMPP nick: " + e.getMessage();
        }
        return null;
    }

    /**
     * Why {@code to} cannot be the nick of an occupant to send a private message to, or null. Occupants of native
     * XMPP clients may have inner spaces in their nicks ("Jane Doe"), so unlike {@link #nickProblem} (our own
     * nicks) inner U+0020 spaces are allowed; still refused: leading or trailing white space, any other white space
     * (line breaks, tabs), characters XML cannot carry, controls and invisible format characters, more than
     * {@link #MAX_NICK_BYTES} UTF-8 bytes, and what is not a valid JID resource.
     */
    public static String targetProblem(String to) {
        if (to == null || to.isEmpty()) {
            return "a nick must not be empty";
        }
        if (!to.strip().equals(to)) {
            return "a nick must not start or end with white space";
        }
        for (int i = 0; i < to.length(); i++) {
            char c = to.charAt(i);
            if (c != ' ' && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                return String.format(Locale.ROOT, "a nick must not contain U+%04X (offset %d)", (int) c, i);
            }
        }
        try {
            checkOutgoing(to, MAX_NICK_BYTES);  // XML characters, controls, invisible, length
            Resourcepart.from(to);
        } catch (Refused e) {
            return e.getMessage();
        } catch (XmppStringprepException e) {
            return "'" + to + "' is not a valid XMPP nick: " + e.getMessage();
        }
        return null;
    }

    /** {@link #nickProblem} as a refusal ({@link #BAD_NICK}). */
    public static void checkNick(String nick) throws Refused {
        String problem = nickProblem(nick);
        if (problem != null) {
            throw new Refused(BAD_NICK, problem);
        }
    }

    /** Null when {@code s} is a valid JID localpart, else why not. */
    public static String localpartProblem(String s) {
        String problem = s == null || s.isEmpty() ? "must not be empty" : characterProblem(s, false);
        if (problem != null) {
            return problem.substring(problem.indexOf(' ') + 1);
        }
        try {
            Localpart.from(s);
            return null;
        } catch (XmppStringprepException e) {
            return "'" + s + "' is not a valid JID localpart: " + e.getMessage();
        }
    }

    /** Null when {@code s} is a valid XMPP domain (no look-up), else why not. */
    public static String domainProblem(String s) {
        if (s == null || s.isEmpty() || s.contains("@") || s.contains("/") || s.contains(" ")) {
            return "'" + s + "' is not an XMPP domain such as example.org";
        }
        try {
            JidCreate.domainBareFrom(s);
            return null;
        } catch (XmppStringprepException e) {
            return "'" + s + "' is not an XMPP domain: " + e.getMessage();
        }
    }

    /**
     * Text from XMPP as browsers get it: control characters except LF and TAB removed (CR too: XML has turned CRLF
     * into LF already), invisible format characters removed, cut at {@link #MAX_INCOMING_BYTES} at a code point
     * boundary. Null becomes "".
     */
    public static Cleaned clean(String text) {
        if (text == null || text.isEmpty()) {
            return new Cleaned("", false);
        }
        text = TextRules.stripInvisible(text);  // keeps the tags of subdivision flags
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_INCOMING_BYTES));
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            i += n;
            if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)
                    || (n == 1 && Character.isSurrogate((char) cp)) || cp == 0xFFFE || cp == 0xFFFF) {
                continue;
            }
            int len = TextRules.utf8Length(cp);
            if (bytes + len > MAX_INCOMING_BYTES) {
                return new Cleaned(out.toString(), true);
            }
            bytes += len;
            out.appendCodePoint(cp);
        }
        return new Cleaned(out.toString(), false);
    }

    /** A nick or name from XMPP as browsers see it (cleaned; never cut in practice: nicks are short). */
    public static String cleanName(String nick) {
        return nick == null ? null : clean(nick).text();
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** "CODE message" for the first character not allowed, or null; {@code lineBreaks}: TAB, LF, CR allowed. */
    private static String characterProblem(String s, boolean lineBreaks) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = s.codePointAt(i);
                if (TextRules.isInvisible(cp) && !(TextRules.isTag(cp) && TextRules.inTagSequence(s, i))) {
                    return invisible(cp, i);  // tag characters after U+1F3F4 are subdivision flags: kept
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return String.format(Locale.ROOT, "%s text has a lone surrogate U+%04X at offset %d", LONE_SURROGATE,
                        (int) c, i);
            }
            boolean allowedBreak = lineBreaks && (c == '\t' || c == '\n' || c == '\r');
            if ((c < 0x20 && !allowedBreak) || (c >= 0x7F && c <= 0x9F)) {
                return String.format(Locale.ROOT, "%s text has control character U+%04X at offset %d", CONTROL,
                        (int) c, i);
            }
            if (c == 0xFFFE || c == 0xFFFF) {
                return String.format(Locale.ROOT, "%s text has U+%04X at offset %d, which XML does not allow",
                        INVALID_CHAR, (int) c, i);
            }
            if (TextRules.isInvisible(c)) {
                return invisible(c, i);
            }
        }
        return null;
    }

    private static String invisible(int cp, int offset) {
        return String.format(Locale.ROOT, "%s text has invisible format character U+%04X at offset %d (bidi override"
                + " or zero-width)", INVISIBLE, cp, offset);
    }
}
