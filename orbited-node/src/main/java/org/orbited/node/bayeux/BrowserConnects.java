package org.orbited.node.bayeux;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parked connects per browser cookie, for the multiple-clients advice (bayeux.md 7): a browser whose tabs
 * hold more parked connects than {@code max_sessions_per_browser} gets the others answered at once and told to
 * poll every {@code multi_session_interval}. Recounted on every connect, so the mode ends when a tab leaves.
 *
 * <p>Memory: almost every browser has one session, so a browser maps to that session itself, and to a set only
 * from its second parked session on (a concurrent set per idle long-polling client was about 250 bytes). The
 * value of a browser changes only inside the map's atomic {@code compute}; readers see a session or a
 * thread-safe set.
 */
final class BrowserConnects {
    /** Per browser: the one {@link BayeuxSession} with a parked connect, or a concurrent set of them. */
    private final ConcurrentHashMap<String, Object> parked = new ConcurrentHashMap<>();

    void parked(String browser, BayeuxSession s) {
        parked.compute(browser, (b, v) -> {
            if (v == null || v == s) {
                return s;
            }
            Set<BayeuxSession> set = setOf(v);
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                set.add((BayeuxSession) v);
            }
            set.add(s);
            return set;
        });
    }

    void unparked(String browser, BayeuxSession s) {
        parked.computeIfPresent(browser, (b, v) -> {
            if (v == s) {
                return null;
            }
            Set<BayeuxSession> set = setOf(v);
            if (set == null) {
                return v; // another session's
            }
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** Sessions of {@code browser} other than {@code s} with a connect parked now. */
    int parkedOthers(String browser, BayeuxSession s) {
        Object v = parked.get(browser);
        if (v == null) {
            return 0;
        }
        Set<BayeuxSession> set = setOf(v);
        if (set == null) {
            return v == s ? 0 : 1;
        }
        return set.size() - (set.contains(s) ? 1 : 0);
    }

    @SuppressWarnings("unchecked")
    private static Set<BayeuxSession> setOf(Object v) {
        return v instanceof Set<?> set ? (Set<BayeuxSession>) set : null;
    }
}
