package org.orbited.node.bayeux.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.client.ClientSession;

/**
 * A client extension that, while closed, holds the client's outgoing {@code /meta/connect} (its promise is not
 * completed), so the server has no connect parked for that session: events queue server-side, and past
 * {@code maxInterval} the session expires. Opening sends the held connect as the client wrote it (outgoing
 * extensions run in reverse order of adding; the ack extension's {@code ext.ack} cannot change meanwhile, as no
 * connect reply can arrive while the one connect is held).
 */
final class ConnectGate implements ClientSession.Extension {
    private final List<Promise<Boolean>> held = new ArrayList<>();
    private boolean closed;

    @Override
    public void outgoing(ClientSession session, Message.Mutable message, Promise<Boolean> promise) {
        synchronized (this) {
            if (closed && Channel.META_CONNECT.equals(message.getChannel())) {
                held.add(promise);
                return;
            }
        }
        promise.succeed(true);
    }

    synchronized void close() {
        closed = true;
    }

    synchronized boolean holding() {
        return !held.isEmpty();
    }

    /** Waits (bounded) until a connect is being held, i.e. the client has no connect at the server. */
    void awaitHolding(Duration wait) {
        Awaitility.await("a /meta/connect held by the gate").atMost(wait).pollInterval(Duration.ofMillis(5))
                .until(this::holding);
    }

    void open() {
        List<Promise<Boolean>> release;
        synchronized (this) {
            closed = false;
            release = new ArrayList<>(held);
            held.clear();
        }
        for (Promise<Boolean> p : release) {
            p.succeed(true);
        }
    }
}
