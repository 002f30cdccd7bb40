package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.LongSupplier;

/**
 * The server side of the timesync extension (bayeux.md 6.2): a meta message carrying
 * {@code ext.timesync = {tc, l, o}} is answered with {@code {tc, ts, p, a}} ({@code a} only when {@code l} was
 * sent, as CometD 8.0.9 does). Thread-safe.
 */
final class Timesync {
    private final boolean enabled;
    private final LongSupplier clock;

    Timesync(boolean enabled, LongSupplier clock) {
        this.enabled = enabled;
        this.clock = clock;
    }

    /** Adds the answer to {@code ext} when {@code request}, received at {@code receivedAt} (ms), asked for it. */
    void answer(BayeuxMessage request, long receivedAt, ObjectNode ext) {
        if (!enabled) {
            return;
        }
        JsonNode ts = request.ext().map(e -> e.get("timesync")).orElse(null);
        if (ts == null || !ts.isObject() || !ts.path("tc").canConvertToLong()) {
            return;
        }
        long tc = ts.get("tc").asLong();
        ObjectNode answer = ext.putObject("timesync");
        answer.put("tc", tc);
        answer.put("ts", receivedAt);
        answer.put("p", Math.max(0, clock.getAsLong() - receivedAt));
        if (ts.has("l")) {
            answer.put("a", tc + ts.path("o").asLong(0) + ts.path("l").asLong(0) - receivedAt);
        }
    }
}
