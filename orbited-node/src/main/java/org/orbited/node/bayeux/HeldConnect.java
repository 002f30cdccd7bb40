package org.orbited.node.bayeux;

import java.util.concurrent.TimeUnit;
import org.orbited.node.core.Scheduler;

/**
 * A {@code /meta/connect} held over WebSocket when deliveries do not wait for it (no acknowledgement
 * extension): it is a heartbeat, answered after the connect timeout, when a newer connect arrives, or when the
 * session ends.
 */
final class HeldConnect {
    private final ConnectHandler connects;
    final BayeuxSession client;
    final BayeuxMessage request;
    final Advice advice;
    private final BayeuxOutput output;
    private final long receivedAt;
    private boolean answered;
    private Scheduler.Cancellable timer;

    HeldConnect(ConnectHandler connects, BayeuxSession client, BayeuxMessage request, Advice advice, BayeuxOutput output,
                long receivedAt) {
        this.connects = connects;
        this.client = client;
        this.request = request.forReply(); // held for the connect timeout: only what the reply needs
        this.advice = advice;
        this.output = output;
        this.receivedAt = receivedAt;
    }

    long receivedAt() {
        return receivedAt;
    }

    /** Held on the socket whose output is {@code o}. */
    boolean writesTo(BayeuxOutput o) {
        return output == o;
    }

    void arm(Scheduler scheduler, long millis) {
        Scheduler.Cancellable t = scheduler.schedule(() -> answer(null), millis, TimeUnit.MILLISECONDS);
        synchronized (this) {
            if (answered) {
                t.cancel();
            } else {
                timer = t;
            }
        }
    }

    /** Answers now; {@code reconnect} overrides the advice (null: the advice computed at connect time). */
    void answer(Advice.Reconnect reconnect) {
        synchronized (this) {
            if (answered) {
                return;
            }
            answered = true;
            if (timer != null) {
                timer.cancel();
            }
        }
        connects.heldAnswered(this);
        output.send(connects.bodies().body(java.util.List.of(), java.util.List.of(connects.heldReply(this, reconnect))),
                200, ok -> { });
    }
}
