package org.orbited.node.orbit;

import java.util.ArrayList;
import java.util.List;
import org.orbited.node.core.Event;
import org.orbited.node.core.Hub;
import org.orbited.node.core.SessionKey;

/**
 * Delivers Orbit requests through the core {@link Hub} and answers each with one reply: {@code Success}
 * when every recipient was reached, otherwise {@code Failure} listing, in request order, the keys that
 * failed and the values that were not valid recipients. Duplicate recipients count once.
 */
public final class HubDispatcher implements OrbitDispatcher {
    private static final org.slf4j.Logger EVENTS = org.slf4j.LoggerFactory.getLogger("orbited.event");
    private final Hub hub;

    public HubDispatcher(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void dispatch(OrbitRequest request, OrbitReplySink replies) {
        dispatchWithCutoff(request, replies);
    }

    @Override
    public Runnable dispatchWithCutoff(OrbitRequest request, OrbitReplySink replies) {
        List<Recipient> recipients = Recipient.parseDistinct(request.recipients());
        if (EVENTS.isDebugEnabled()) {
            EVENTS.debug("event id={} recipients={} bytes={}", request.id(), recipients.size(), request.body().length);
        }
        List<SessionKey> keys = new ArrayList<>(recipients.size());
        List<String> channels = new ArrayList<>(0);
        for (Recipient r : recipients) {
            if (r instanceof Recipient.Key k) {
                keys.add(new SessionKey(k.user(), k.session(), k.location()));
            } else if (r instanceof Recipient.Channel c) {
                channels.add(c.name());
            }
        }
        return hub.deliver(new Event(request.body()), keys, channels, failed -> {
            List<String> forms = null;
            int keyIndex = 0;
            for (Recipient r : recipients) {
                boolean bad = r instanceof Recipient.Invalid
                        || (r instanceof Recipient.Key && failed.get(keyIndex));
                if (r instanceof Recipient.Key) {
                    keyIndex++;
                }
                if (bad) {
                    if (forms == null) {
                        forms = new ArrayList<>();
                    }
                    forms.add(r.failureForm());
                }
            }
            byte[] reply = forms == null ? OrbitReplies.success(request.id())
                    : OrbitReplies.failure(request.id(), forms);
            if (keys.isEmpty() && !channels.isEmpty()) {
                replies.replyAfterQueuedWrites(reply); // paced by the fan-out's writes (orbit-protocol.md §2.3)
            } else {
                replies.reply(reply);
            }
        })::failUndelivered;
    }
}
