package org.orbited.node.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** A hub on a {@link FakeScheduler}, with short helpers for the common calls. */
final class CoreFixture {
    static final SessionKey ALICE = new SessionKey("alice", "0", "/chat");
    static final SessionKey BOB = new SessionKey("bob", "0", "/chat");
    static final SessionKey CAROL = new SessionKey("carol", "0", "/chat");

    final FakeScheduler clock = new FakeScheduler();
    final Hub hub;

    CoreFixture() {
        this(HubSettings.defaults());
    }

    CoreFixture(HubSettings settings) {
        this.hub = new Hub(settings, clock);
    }

    /** Defaults (5 s grace, retry 1, 1000 events, 4 MiB, ring 256, 30 s deadline) with changes. */
    static HubSettings settings(long graceMillis, int retryLimit, int queueLimit, long queueBytes,
                                int replayLimit, long deadlineMillis) {
        return new HubSettings(graceMillis, retryLimit, queueLimit, queueBytes, replayLimit, deadlineMillis);
    }

    Session attach(SessionKey key, FakeConnection c) {
        return attach(key, c, null, Set.of());
    }

    Session attach(SessionKey key, FakeConnection c, String lastEventId) {
        return attach(key, c, lastEventId, Set.of());
    }

    Session attach(SessionKey key, FakeConnection c, String lastEventId, Set<String> channels) {
        Session s = hub.attach(key, c, lastEventId, channels);
        c.bind(s);
        return s;
    }

    RecordingCallback send(String body, SessionKey... keys) {
        return deliver(body, List.of(keys), List.of());
    }

    RecordingCallback deliver(String body, List<SessionKey> keys, List<String> channels) {
        RecordingCallback cb = new RecordingCallback();
        hub.deliver(new Event(body.getBytes(StandardCharsets.UTF_8)), keys, channels, cb);
        return cb;
    }
}
