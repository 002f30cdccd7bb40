package org.orbited.bridge.common;

/**
 * Character rules both bridges apply to text between browsers and chat servers (docs/irc.md "Text safety"): which
 * code points are invisible format characters (refused from browsers, stripped from servers), lone surrogates,
 * XML 1.0's allowed characters, UTF-8 lengths and cutting at a code point boundary. Each bridge adds its own rules
 * (IRC: line breaks, mIRC formatting; XMPP: stanza limits). Plain Java, stateless, thread-safe.
 */
public final class TextRules {
    private TextRules() {
    }

    /**
     * True for the invisible format characters refused from browsers and stripped from servers: U+200B (zero width
     * space), U+202A..U+202E (bidi embeddings and overrides), U+2060..U+2064 (word joiner, invisible operators),
     * U+2066..U+2069 (bidi isolates), U+206A..U+206F (deprecated format controls), U+FEFF (zero width no-break
     * space), U+FFF9..U+FFFB (interlinear annotation), U+180E (Mongolian vowel separator), U+3164 and U+FFA0 (Hangul
     * fillers, blank), U+E0001 and the tag characters U+E0020..U+E007F (invisible ASCII copies). Tag characters are
     * allowed only inside a tag sequence after U+1F3F4 (subdivision flags such as Scotland's): see
     * {@link #inTagSequence}; {@link #stripInvisible} keeps them there.
     */
    public static boolean isInvisible(int cp) {
        return cp == 0x200B || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064)
                || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0x180E
                || cp == 0x3164 || cp == 0xFFA0 || cp == 0xE0001 || isTag(cp);
    }

    /** A tag character, U+E0020..U+E007F. */
    public static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= 0xE007F;
    }

    /** Whether the code point at UTF-16 index {@code i} follows U+1F3F4 through an unbroken run of tag characters. */
    public static boolean inTagSequence(String text, int i) {
        int j = i;
        while (j > 0) {
            int prev = text.codePointBefore(j);
            if (prev == 0x1F3F4) {
                return true;
            }
            if (!isTag(prev)) {
                return false;
            }
            j -= Character.charCount(prev);
        }
        return false;
    }

    /** The UTF-16 index of the first surrogate without its pair (it has no UTF-8 encoding), or -1. */
    public static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * XML 1.0's {@code Char}: TAB, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF. Anything else (other
     * C0 controls, surrogate code units, U+FFFE, U+FFFF) can never appear in an XMPP stanza.
     */
    public static boolean isXmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /** UTF-8 length of well-formed text (a lone surrogate counts as 3, as a replacing encoder would not). */
    public static int utf8Length(String text) {
        return utf8Length(text, 0, text.length());
    }

    /** UTF-8 length of {@code text[from, to)}, whole code points. */
    public static int utf8Length(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            n += utf8Length(cp);
            i += Character.charCount(cp);
        }
        return n;
    }

    /** UTF-8 length of one code point: 1 to 4. */
    public static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    /**
     * The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes that ends at a code point boundary
     * ({@code text} itself when it fits). Never splits a surrogate pair; may split a grapheme cluster.
     */
    public static String cutToUtf8(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = utf8Length(cp);
            if (bytes + size > maxBytes) {
                return text.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text;
    }

    /** Removes the characters of {@link #isInvisible} (tag characters only outside a flag's tag sequence). */
    public static String stripInvisible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean flagTags = false;  // the last kept code point was U+1F3F4 or a tag kept after it
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean keep = !isInvisible(cp) || (isTag(cp) && flagTags);
            if (keep) {
                out.appendCodePoint(cp);
                flagTags = cp == 0x1F3F4 || isTag(cp);
            }
        }
        return out.length() == text.length() ? text : out.toString();
    }
}
