package org.orbited.webirc.helpdesk;

import java.util.regex.Pattern;

/**
 * Validation of everything people type or browsers send to the desk: message text, names, e-mail addresses, desk
 * names, page addresses, language tags and ids. Each check returns the value to keep (text and names trimmed) or
 * throws a {@link HelpDeskRefusal} with a specific {@link HelpDeskCodes code}. Text is never cleaned silently: a
 * control or invisible character is refused, so what a helper reads is what the visitor sent. Stateless, any thread.
 *
 * <p>Refused in text and names: C0 controls except line feed and tab (names: all of them), DEL, C1 controls, lone
 * surrogates, and the invisible or direction-changing characters the bridges refuse too (zero width space, bidi
 * embeddings, overrides and isolates, word joiners, BOM, interlinear annotations, Hangul fillers, tag characters
 * outside an emoji flag sequence).
 */
public final class HelpDeskText {
    /** Longest name, in characters (code points). */
    public static final int NAME_MAX = 40;
    /** Longest e-mail address (RFC 5321's path limit). */
    public static final int EMAIL_MAX = 254;
    /** Longest page address kept. */
    public static final int PAGE_MAX = 2048;

    private static final Pattern DESK = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LANG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,4}");
    /** HTML's "valid e-mail address" (what {@code <input type=email>} accepts). */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9]"
            + "(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private HelpDeskText() {
    }

    /** A message line: trimmed, 1 to {@code max} code points, line feeds and tabs allowed. */
    public static String text(String text, int max) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new HelpDeskRefusal(HelpDeskCodes.TEXT_EMPTY, "the text is empty");
        }
        int bad = firstRefused(t, true);
        if (bad >= 0) {
            throw new HelpDeskRefusal(HelpDeskCodes.TEXT_CONTROL,
                    String.format("the text has a control or invisible character (U+%04X)", bad));
        }
        if (t.codePointCount(0, t.length()) > max) {
            throw new HelpDeskRefusal(HelpDeskCodes.TEXT_TOO_LONG, "the text is longer than " + max + " characters");
        }
        return t;
    }

    /** A visitor's or helper's name: trimmed, 1 to {@link #NAME_MAX} code points, one line, nothing invisible. */
    public static String name(String name) {
        String n = name.strip();
        if (n.isEmpty() || n.codePointCount(0, n.length()) > NAME_MAX || firstRefused(n, false) >= 0) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_NAME,
                    "a name is 1 to " + NAME_MAX + " characters on one line, without control or invisible characters");
        }
        return n;
    }

    /**
     * A name from a trusted source (a signed identity) made fit for display: refused characters dropped, white space
     * runs made one space, cut to {@link #NAME_MAX}; {@code fallback} when nothing is left.
     */
    public static String cleanName(String name, String fallback) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp)) {
                out.append(' ');
            } else if (!refused(cp, false) && !isSurrogate(cp)) {
                out.appendCodePoint(cp);
            }
        });
        String n = out.toString().replaceAll(" +", " ").strip();
        if (n.codePointCount(0, n.length()) > NAME_MAX) {
            n = n.substring(0, n.offsetByCodePoints(0, NAME_MAX)).strip();
        }
        return n.isEmpty() ? fallback : n;
    }

    /** An e-mail address (trimmed); null or blank means none and gives null. */
    public static String email(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String e = email.strip();
        if (e.length() > EMAIL_MAX || !EMAIL.matcher(e).matches()) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_EMAIL, "not an e-mail address: use name@example.org");
        }
        return e;
    }

    /** Whether {@code desk} has the grammar of a desk name: {@code [a-z0-9_-]{1,32}}. */
    public static boolean isDeskName(String desk) {
        return DESK.matcher(desk).matches();
    }

    /** Whether {@code id} could be an id the desk made (conversation, visitor, offline message). */
    public static boolean isId(String id) {
        return ID.matcher(id).matches();
    }

    /** The address of the visitor's page: at most {@link #PAGE_MAX} characters, no spaces or controls; null: none. */
    public static String page(String page) {
        if (page == null || page.isEmpty()) {
            return null;
        }
        if (page.length() > PAGE_MAX || page.codePoints().anyMatch(cp -> cp <= 0x20 || refused(cp, false))) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_DATA,
                    "page is an address of at most " + PAGE_MAX + " characters without spaces");
        }
        return page;
    }

    /** A language tag such as {@code en} or {@code de-CH}; null: none. */
    public static String lang(String lang) {
        if (lang == null || lang.isEmpty()) {
            return null;
        }
        if (!LANG.matcher(lang).matches()) {
            throw new HelpDeskRefusal(HelpDeskCodes.BAD_DATA, "lang is a language tag such as en or de-CH");
        }
        return lang;
    }

    /**
     * The first refused code point of {@code s} (a lone surrogate gives its code unit), or -1. {@code multiline}
     * allows line feed and tab.
     */
    static int firstRefused(String s, boolean multiline) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isSurrogate(cp)) {
                return cp;
            }
            if (refused(cp, multiline) && !(isTag(cp) && inFlag(s, i))) {
                return cp;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static boolean refused(int cp, boolean multiline) {
        if (cp == '\n' || cp == '\t') {
            return !multiline;
        }
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || invisible(cp);
    }

    /** The invisible and direction-changing characters (the same set as the bridges' text rules). */
    static boolean invisible(int cp) {
        return cp == 0x200B || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064)
                || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0x180E
                || cp == 0x3164 || cp == 0xFFA0 || cp == 0xE0001 || isTag(cp);
    }

    /** A surrogate code unit on its own (codePointAt gives one only when it has no pair). */
    private static boolean isSurrogate(int cp) {
        return cp >= 0xD800 && cp <= 0xDFFF;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= 0xE007F;
    }

    /** Whether the tag character at {@code i} follows U+1F3F4 (a black flag) through tag characters only. */
    private static boolean inFlag(String s, int i) {
        for (int j = i; j > 0; ) {
            int prev = s.codePointBefore(j);
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
}
