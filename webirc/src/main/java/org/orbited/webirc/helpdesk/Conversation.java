package org.orbited.webirc.helpdesk;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one conversation of a visitor at a desk: its lines (the last {@code history.max} kept) and what helpers see
 * in its summary: who took it, whether the visitor's last line is unanswered ({@code waiting}), whether it is
 * closed. A closed conversation opens again when either side speaks. Mutable; used on the plugin's thread only.
 */
final class Conversation {
    /** Helpers whose recent cids a conversation remembers (the least recent speaker's are forgotten first). */
    static final int MAX_HELPER_CIDS = 16;

    private final String id;
    private final String desk;
    private final String visitorId;
    private final Instant started;
    private final Deque<Message> history = new ArrayDeque<>();
    private String name;
    private String page;
    private String lang;
    private Instant last;
    private String lastText = "";
    private boolean waiting;
    private String helper;
    private boolean closed;
    private long bytes;
    private String address;
    private final Map<String, RecentCids> helperCids = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RecentCids> eldest) {
            return size() > MAX_HELPER_CIDS;
        }
    };

    Conversation(String id, String desk, String visitorId, String name, Instant started) {
        this.id = Objects.requireNonNull(id, "id");
        this.desk = Objects.requireNonNull(desk, "desk");
        this.visitorId = Objects.requireNonNull(visitorId, "visitorId");
        this.name = Objects.requireNonNull(name, "name");
        this.started = Objects.requireNonNull(started, "started");
        this.last = started;
    }

    /** A conversation as the store kept it (lines oldest first; only the last {@code historyMax} are kept). */
    static Conversation restore(Stored s, int historyMax) {
        Conversation c = new Conversation(s.id(), s.desk(), s.visitorId(), s.name(), s.started());
        c.page = s.page();
        c.lang = s.lang();
        s.messages().forEach(m -> c.add(m, historyMax));
        c.last = s.last();
        c.waiting = s.waiting();
        c.helper = s.helper();
        c.closed = s.closed();
        return c;
    }

    /**
     * Adds a line, dropping the oldest beyond {@code historyMax}; a visitor's line leaves it waiting, a helper's
     * answers it. Returns how the conversation's {@link #bytes} changed.
     */
    long add(Message m, int historyMax) {
        long before = bytes;
        history.addLast(m);
        bytes += TextBudget.of(m);
        while (history.size() > historyMax) {
            bytes -= TextBudget.of(history.removeFirst());
        }
        last = m.time();
        if (!Message.SYSTEM.equals(m.from())) {
            lastText = m.text();
            waiting = Message.VISITOR.equals(m.from());
        } else if (lastText.isEmpty()) {
            lastText = m.text();
        }
        closed = false;
        return bytes - before;
    }

    /** Takes the conversation for {@code helperName} unless a helper has it already; true when this call took it. */
    boolean takeFor(String helperName) {
        if (helper != null) {
            return false;
        }
        helper = helperName;
        return true;
    }

    /** The recent cids of {@code helperName}'s lines here. */
    RecentCids helperCids(String helperName) {
        return helperCids.computeIfAbsent(helperName, h -> new RecentCids());
    }

    /** The client address (see {@link Addresses}) that started or last reopened it; null after a restart. */
    String address() {
        return address;
    }

    void from(String clientAddress) {
        address = clientAddress;
    }

    /** What its kept lines cost against the text budget ({@link TextBudget}). */
    long bytes() {
        return bytes;
    }

    void close() {
        closed = true;
        waiting = false;
    }

    void rename(String newName) {
        name = Objects.requireNonNull(newName, "name");
    }

    /** The visitor's page and language now (null: unchanged); true when either changed. */
    boolean visitorOn(String newPage, String newLang) {
        boolean changed = false;
        if (newPage != null && !newPage.equals(page)) {
            page = newPage;
            changed = true;
        }
        if (newLang != null && !newLang.equals(lang)) {
            lang = newLang;
            changed = true;
        }
        return changed;
    }

    /** An immutable copy for the store. */
    Stored snapshot() {
        return new Stored(id, desk, visitorId, name, page, lang, started, last, waiting, helper, closed,
                List.copyOf(history));
    }

    String id() { return id; }
    String desk() { return desk; }
    String visitorId() { return visitorId; }
    String name() { return name; }
    String page() { return page; }
    String lang() { return lang; }
    Instant started() { return started; }
    Instant last() { return last; }
    String lastText() { return lastText; }
    boolean waiting() { return waiting; }
    String helper() { return helper; }
    boolean closed() { return closed; }
    List<Message> messages() { return List.copyOf(history); }

    /** A conversation as stored: every field, the kept lines oldest first. Immutable. */
    record Stored(String id, String desk, String visitorId, String name, String page, String lang, Instant started,
                  Instant last, boolean waiting, String helper, boolean closed, List<Message> messages) {
        Stored {
            messages = List.copyOf(messages);
        }
    }
}
