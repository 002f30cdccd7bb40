package org.orbited.webirc.helpdesk;

/**
 * What a line or an offline message costs against the desk's text budget ({@code store.max_bytes}): its text,
 * name and other strings in UTF-8, plus {@link #OVERHEAD} for its id, time and JSON. Close to what it takes in the
 * store file; in the heap the same text takes about twice that (Java strings are UTF-16). Stateless, any thread.
 */
final class TextBudget {
    /** Bytes counted for every line or offline message besides its strings. */
    static final int OVERHEAD = 96;

    private TextBudget() {
    }

    static long of(Message m) {
        return OVERHEAD + utf8(m.text()) + utf8(m.name());
    }

    static long of(OfflineMessage m) {
        return OVERHEAD + utf8(m.text()) + utf8(m.name()) + utf8(m.email()) + utf8(m.page()) + utf8(m.desk());
    }

    private static long utf8(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;   // a pair: 2 + 2
        }
        return n;
    }
}
