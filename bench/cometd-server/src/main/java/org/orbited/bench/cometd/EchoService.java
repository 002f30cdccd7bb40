package org.orbited.bench.cometd;

import java.util.Collections;

import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.LocalSession;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;

/**
 * {@code /service/echo}: answers a request with {@code {"echo": <its data>}} delivered to the requester only,
 * as in bayeux.md section 9. A {@link LocalSession} is the sender; the listener runs on the thread that
 * processes the request (a Jetty thread) and does not block.
 */
final class EchoService {
    static final String CHANNEL = "/service/echo";

    private EchoService() {
    }

    static void install(BayeuxServer bayeux) {
        LocalSession echo = bayeux.newLocalSession("echo");
        echo.handshake();
        ServerChannel channel = bayeux.createChannelIfAbsent(CHANNEL, c -> c.setPersistent(true)).getReference();
        // An anonymous class: MessageListener has two default methods, so it is not a functional interface.
        channel.addListener(new ServerChannel.MessageListener() {
            @Override
            public boolean onMessage(ServerSession from, ServerChannel ch, ServerMessage.Mutable message) {
                if (from != null) {
                    from.deliver(echo.getServerSession(), CHANNEL,
                            Collections.singletonMap("echo", message.getData()), Promise.noop());
                }
                return true;
            }
        });
    }
}
