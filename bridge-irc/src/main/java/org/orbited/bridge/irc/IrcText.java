package org.orbited.bridge.irc;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.orbited.bridge.common.TextRules;

/**
 * The text safety rules between browsers and IRC (docs/irc.md, "Text safety"). Plain Java, stateless, thread-safe.
 *
 * <h2>Outgoing (browser to IRC)</h2>
 * {@link #checkOutgoing} refuses, with an {@link IrcTextException} naming the reason and offset:
 * <ul>
 *   <li>CR, LF, NUL ({@link IrcTextException.Reason#LINE_BREAK}): they would end the IRC line, so
 *       {@code "hi\r\nQUIT"} can never become a second command. Multi-line text is refused, not split: the browser
 *       sends one publish per line.</li>
 *   <li>every other C0 control and DEL ({@code CONTROL_CHARACTER}), 0x01 included (a browser cannot forge CTCP;
 *       actions go through their own path), except the mIRC formatting codes in {@link #FORMATTING_CODES}, which
 *       browsers may send on purpose (bold, colours ...) and which cannot break the line. TAB is refused too.</li>
 *   <li>lone UTF-16 surrogates ({@code LONE_SURROGATE}): JSON can carry {@code "\ud800"}, UTF-8 cannot; the text is
 *       refused rather than silently altered. Invalid UTF-8 itself cannot arrive: Bayeux text is already a
 *       JSON string.</li>
 *   <li>invisible format characters ({@code INVISIBLE}, see {@link TextRules#isInvisible}): bidi embeddings,
 *       overrides and isolates (U+202A..U+202E, U+2066..U+2069), which reorder how the rest of a line (the nick after it, the
 *       next message in some clients) is displayed, and zero-width or blank characters that hide text or make two
 *       names look alike. Refused rather than stripped, like every other rule here: the text would change
 *       silently. Kept because real text needs them: ZWJ/ZWNJ (emoji sequences, Indic and Persian scripts), the
 *       bidi <i>marks</i> LRM/RLM/ALM (they cannot override anything), the soft hyphen, and tag characters that
 *       follow U+1F3F4 (subdivision flags).</li>
 * </ul>
 * {@link #split} cuts checked text into pieces that each fit {@link LineBudget#textBytes()} UTF-8 bytes: never
 * inside a UTF-8 sequence, and never inside a grapheme cluster as far as Java 17's
 * {@link BreakIterator#getCharacterInstance} knows them (combining marks, surrogate pairs, Hangul; Java 17 does not
 * keep emoji ZWJ sequences or flag pairs together, so those may be cut between their code points, never inside one).
 * A piece prefers to end after a space when one lies in its second half. A single grapheme larger than the budget
 * is cut at code point boundaries.
 *
 * <h2>Incoming (IRC to browser)</h2>
 * {@link #stripFormatting} removes mIRC formatting codes (and their colour arguments), every other C0 control and
 * the invisible format characters of {@link TextRules#isInvisible} (so no IRC user can reorder or hide text in a page);
 * the result goes into JSON {@code text}, never into markup, so nothing else needs escaping here. A structured
 * (mapped) form of the formatting is not built. {@link #decode} turns raw line bytes into text as UTF-8 with
 * U+FFFD for malformed input and no Latin-1 fallback; that is also what PircBotX's reader does when its encoding is
 * UTF-8 (it reads through an {@code InputStreamReader}, which replaces), and the bridge configures UTF-8.
 */
public final class IrcText {
    /** Bold. */
    public static final char BOLD = 0x02;
    /** Colour, followed by {@code fg[,bg]} of one or two digits each. */
    public static final char COLOR = 0x03;
    /** Hex colour, followed by {@code RRGGBB[,RRGGBB]}. */
    public static final char HEX_COLOR = 0x04;
    /** Reset all formatting. */
    public static final char RESET = 0x0F;
    /** Monospace. */
    public static final char MONOSPACE = 0x11;
    /** Reverse video. */
    public static final char REVERSE = 0x16;
    /** Italic. */
    public static final char ITALIC = 0x1D;
    /** Strikethrough. */
    public static final char STRIKETHROUGH = 0x1E;
    /** Underline. */
    public static final char UNDERLINE = 0x1F;
    /** The C0 codes a browser may send and that {@link #stripFormatting} removes. */
    public static final String FORMATTING_CODES = "" + BOLD + COLOR + HEX_COLOR + RESET + MONOSPACE + REVERSE
            + ITALIC + STRIKETHROUGH + UNDERLINE;

    private IrcText() {
    }

    /**
     * Checks text a browser wants to send, as described on the class. This checks characters only, never length:
     * callers size lines themselves ({@link #split}, {@link OutgoingLimits}).
     *
     * @throws IrcTextException with the first offending character's reason and offset
     */
    public static void checkOutgoing(String text) {
        if (text == null || text.isEmpty()) {
            throw new IrcTextException(IrcTextException.Reason.EMPTY, -1, "empty text cannot be sent to IRC");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IrcTextException(IrcTextException.Reason.LINE_BREAK, i, String.format(Locale.ROOT,
                        "text has a line break or NUL (U+%04X) at offset %d; send one line per message", (int) c, i));
            }
            if ((c < 0x20 || c == 0x7F) && FORMATTING_CODES.indexOf(c) < 0) {
                throw new IrcTextException(IrcTextException.Reason.CONTROL_CHARACTER, i, String.format(Locale.ROOT,
                        "text has control character U+%04X at offset %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = text.codePointAt(i);
                if (TextRules.isInvisible(cp) && !(TextRules.isTag(cp) && TextRules.inTagSequence(text, i))) {
                    throw invisible(cp, i);
                }
                i++;
            } else if (TextRules.isInvisible(c)) {
                throw invisible(c, i);
            } else if (Character.isSurrogate(c)) {
                throw new IrcTextException(IrcTextException.Reason.LONE_SURROGATE, i, String.format(Locale.ROOT,
                        "text has a lone surrogate U+%04X at offset %d", (int) c, i));
            }
        }
    }

    private static IrcTextException invisible(int cp, int offset) {
        return new IrcTextException(IrcTextException.Reason.INVISIBLE, offset, String.format(Locale.ROOT,
                "text has invisible format character U+%04X at offset %d (bidi override or zero-width)", cp, offset));
    }

    /**
     * Checks {@code text} ({@link #checkOutgoing}) and splits it into at most {@code maxPieces} pieces of at most
     * {@code budget.textBytes()} UTF-8 bytes each, in order; concatenated they give {@code text} back.
     *
     * @throws IrcTextException when the text is refused or needs more than {@code maxPieces} pieces
     */
    public static List<String> split(String text, LineBudget budget, int maxPieces) {
        checkOutgoing(text);
        int limit = budget.textBytes();
        List<String> pieces = new ArrayList<>();
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        int start = 0;
        while (start < text.length()) {
            int end = fittingEnd(text, start, limit, graphemes);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end - 1);
                if (space >= start && space + 1 - start > (end - start) / 2) {
                    end = space + 1;
                }
            }
            pieces.add(text.substring(start, end));
            if (pieces.size() > maxPieces) {
                throw new IrcTextException(IrcTextException.Reason.TOO_LONG, -1, String.format(Locale.ROOT,
                        "text of %d UTF-8 bytes needs more than %d IRC lines of %d bytes",
                        TextRules.utf8Length(text), maxPieces, limit));
            }
            start = end;
        }
        return pieces;
    }

    /** The end (exclusive) of the longest run of whole graphemes from {@code start} that fits {@code limit} bytes. */
    private static int fittingEnd(String text, int start, int limit, BreakIterator graphemes) {
        int bytes = 0;
        int end = start;
        int boundary = graphemes.following(start);
        while (boundary != BreakIterator.DONE) {
            int size = TextRules.utf8Length(text, end, boundary);
            if (bytes + size > limit) {
                break;
            }
            bytes += size;
            end = boundary;
            boundary = graphemes.next();
        }
        if (end > start) {
            return end;
        }
        // One grapheme larger than the budget: cut it at code point boundaries.
        int i = start;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = TextRules.utf8Length(cp);
            if (bytes + size > limit) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return i;
    }

    /**
     * Removes mIRC formatting from text received from IRC: the codes of {@link #FORMATTING_CODES}, a colour's
     * {@code fg[,bg]} digits (a comma is consumed only when a digit follows it), a hex colour's
     * {@code RRGGBB[,RRGGBB]}, and every other C0 control and DEL. Printable text is kept as it is.
     */
    public static String stripFormatting(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == COLOR) {
                i = skipColorArgs(text, i, 2, IrcText::isDigit);
            } else if (c == HEX_COLOR) {
                i = skipColorArgs(text, i, 6, IrcText::isHexDigit);
            } else if (c >= 0x20 && c != 0x7F) {
                out.append(c);
            }
        }
        return TextRules.stripInvisible(out.toString());
    }

    private interface CharTest {
        boolean test(char c);
    }

    /** Skips {@code fg} then optionally {@code ,bg}, each 1..max (colour) or exactly max (hex) matching chars. */
    private static int skipColorArgs(String text, int i, int max, CharTest digit) {
        boolean exact = max == 6;
        int fg = run(text, i, max, digit);
        if (fg == 0 || (exact && fg != max)) {
            return i;
        }
        i += fg;
        if (i + 1 < text.length() && text.charAt(i) == ',') {
            int bg = run(text, i + 1, max, digit);
            if (bg > 0 && (!exact || bg == max)) {
                i += 1 + bg;
            }
        }
        return i;
    }

    private static int run(String text, int i, int max, CharTest digit) {
        int n = 0;
        while (n < max && i + n < text.length() && digit.test(text.charAt(i + n))) {
            n++;
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Decodes one IRC line's bytes (no CRLF) as UTF-8, replacing malformed input with U+FFFD. */
    public static String decode(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(line)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }
}
