package org.orbited.bench;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Bayeux publishing: pipelined {@code POST}s of publish messages on one connection, using the session (clientId
 * and browser cookie) of a {@link BayeuxLongPollSubscriber} without channels that keeps it alive with connects
 * on a second connection (a session without connects expires after {@code maxInterval}).
 */
public final class BayeuxPublisher extends HttpPublisherBase {
    private final Endpoints ep;
    private final String clientId;
    private final String cookie;
    private long nextId = 1;

    public BayeuxPublisher(Endpoints ep, BayeuxLongPollSubscriber session, Tally tally) {
        super(tally);
        this.ep = ep;
        this.clientId = session.clientId();
        this.cookie = session.cookie();
    }

    @Override
    protected FullHttpRequest request(int target, byte[] payload) {
        return BayeuxLongPollSubscriber.post(ep, cookie, BayeuxMessages.publish(nextId++, clientId, ep.channel(target),
                payload));
    }

    @Override
    protected boolean accepted(FullHttpResponse res) {
        return res.status().code() == 200
                && res.content().toString(StandardCharsets.UTF_8).contains("\"successful\":true");
    }
}
