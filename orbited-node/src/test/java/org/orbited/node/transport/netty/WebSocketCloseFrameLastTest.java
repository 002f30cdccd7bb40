package org.orbited.node.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.node.core.DisconnectReason;
import org.orbited.node.core.HubStats;
import org.orbited.node.transport.TransportSettings;
import org.orbited.node.transport.Transports;

/**
 * RFC 6455 5.5.1: nothing follows our close frame on the wire. A ping checks {@code closing} on the event loop; the
 * session thread may queue the close frame right after that check, and the ping then lands behind it in the outbox.
 * The drain must drop it (here the ping is queued between the close frame and the channel close directly: that
 * race's outcome).
 */
class WebSocketCloseFrameLastTest {
    @Test
    void aFrameQueuedBehindTheCloseFrameIsNeverWritten() {
        EmbeddedChannel channel = new EmbeddedChannel();
        TransportSettings settings = TransportSettings.defaults();
        WebSocketConnection c = new WebSocketConnection(channel,
                new Transports(settings).forQueryForm("websocket").orElseThrow(), settings, new HubStats());

        // what close() queues (the close frame, then the channel close), with the racing ping landing between the
        // two: it checked closing just before the session thread set it
        c.writeFarewell(DisconnectReason.RECONNECT);
        c.enqueue(new PingWebSocketFrame(), null);
        c.enqueueClose();
        channel.runPendingTasks();

        List<Object> written = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            written.add(o);
        }
        try {
            List<Object> frames = written.stream().filter(o -> o instanceof WebSocketFrame).toList();
            assertThat(frames).as("frames on the wire").isNotEmpty();
            assertThat(frames.get(frames.size() - 1)).as("the close frame is the last frame")
                    .isInstanceOf(CloseWebSocketFrame.class);
            assertThat(frames).noneMatch(o -> o instanceof PingWebSocketFrame);
        } finally {
            written.forEach(ReferenceCountUtil::release);
            channel.finishAndReleaseAll();
        }
    }
}
