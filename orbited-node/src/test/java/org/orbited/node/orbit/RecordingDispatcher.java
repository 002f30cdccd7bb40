package org.orbited.node.orbit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/** Records every dispatched request and replies {@code Success} through {@code replyOn}. */
final class RecordingDispatcher implements OrbitDispatcher {
    final List<OrbitRequest> requests = new CopyOnWriteArrayList<>();
    final List<OrbitReplySink> sinks = new CopyOnWriteArrayList<>();
    private final Executor replyOn;

    /** Replies immediately, on the I/O thread. */
    RecordingDispatcher() {
        this(Runnable::run);
    }

    /** Replies on {@code replyOn}; {@code null} never replies (the test holds the sinks). */
    RecordingDispatcher(Executor replyOn) {
        this.replyOn = replyOn;
    }

    @Override
    public void dispatch(OrbitRequest request, OrbitReplySink replies) {
        requests.add(request);
        sinks.add(replies);
        if (replyOn != null) {
            replyOn.execute(() -> replies.reply(OrbitReplies.success(request.id())));
        }
    }

    List<String> ids() {
        return requests.stream().map(OrbitRequest::id).toList();
    }
}
