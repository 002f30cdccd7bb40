package org.orbited.node.bayeux;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parked connects per browser cookie, for the multiple-clients advice (bayeux.md 7): a browser whose tabs
 * hold more parked connects than {@code max_sessions_per_browser} gets the others answered at once and told to
 * poll every {@code multi_session_interval}. Recounted on every connect, so the mode ends when a tab leaves.
 */
final class BrowserConnects {
    private final ConcurrentHashMap<String, Set<BayeuxSession>> parked = new ConcurrentHashMap<>();

    void parked(String browser, BayeuxSession s) {
        parked.computeIfAbsent(browser, b -> ConcurrentHashMap.newKeySet()).add(s);
    }

    void unparked(String browser, BayeuxSession s) {
        parked.computeIfPresent(browser, (b, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    /** Sessions of {@code browser} other than {@code s} with a connect parked now. */
    int parkedOthers(String browser, BayeuxSession s) {
        Set<BayeuxSession> set = parked.get(browser);
        if (set == null) {
            return 0;
        }
        return set.size() - (set.contains(s) ? 1 : 0);
    }
}
