package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PipeliningHandler} between a real {@link HttpServerCodec} and a recording handler, on an embedded channel. */
class PipeliningHandlerTest {
    private static final long TIMEOUT_MILLIS = 1000;

    private final List<String> passed = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();
    private boolean streamToProxy;
    private PipeliningHandler handler;
    private EmbeddedChannel ch;

    /** Records the requests passed on (method and URI) and the user events; releases contents. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest r) {
                passed.add(r.method() + " " + r.uri());
                if (streamToProxy) {
                    handler.bodyStreamsToProxy();
                }
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    private void start(int maxPipelined) {
        handler = new PipeliningHandler(maxPipelined, TIMEOUT_MILLIS);
        ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(handler.arrivalWatch(), new HttpServerCodec(), handler, new Recorder());
    }

    @AfterEach
    void releaseEverything() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    private void send(String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        ch.runPendingTasks();
    }

    private static String get(String uri) {
        return "GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /** Answers the oldest request and returns what went out, as text. */
    private String answer(HttpResponseStatus status) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        r.headers().setInt("Content-Length", 0);
        ch.writeOutbound(r);
        ch.runPendingTasks();
        return outbound();
    }

    private String outbound() {
        StringBuilder out = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            if (o instanceof ByteBuf b) {
                out.append(b.toString(StandardCharsets.ISO_8859_1));
            }
            ReferenceCountUtil.release(o);
        }
        return out.toString();
    }

    private void advance(long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    @Test
    void pipelinedRequestsArePassedOnOneAtATimeWhileReadingPauses() {
        start(16);
        send(get("/1") + get("/2") + get("/3"));
        assertThat(passed).containsExactly("GET /1");
        assertThat(ch.config().isAutoRead()).isFalse();

        assertThat(answer(HttpResponseStatus.OK)).startsWith("HTTP/1.1 200 OK");
        assertThat(passed).containsExactly("GET /1", "GET /2");
        assertThat(ch.config().isAutoRead()).as("one request still waits").isFalse();

        answer(HttpResponseStatus.OK);
        assertThat(passed).containsExactly("GET /1", "GET /2", "GET /3");
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void anInterimResponseDoesNotAnswerTheRequest() {
        start(16);
        send("POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n" + get("/2"));
        answer(HttpResponseStatus.CONTINUE);
        assertThat(passed).containsExactly("POST /1");
        answer(HttpResponseStatus.OK);
        assertThat(passed).containsExactly("POST /1", "GET /2");
    }

    @Test
    void moreWaitingRequestsThanTheLimitCloseTheConnection() {
        start(2);
        send(get("/1") + get("/2") + get("/3"));
        assertThat(ch.isOpen()).isTrue();
        send(get("/4"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(passed).containsExactly("GET /1");
    }

    @Test
    void aHeadNotCompleteWithinTheTimeoutIsAnswered408AndClosed() {
        start(16);
        send("GET /slow HT");
        advance(TIMEOUT_MILLIS / 2);
        send("TP/1.1\r\nHo"); // bytes keep coming: the clock does not restart
        advance(TIMEOUT_MILLIS / 2 - 1);
        assertThat(ch.isOpen()).isTrue();
        advance(1);
        assertThat(outbound()).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .endsWith("\r\n\r\nrequest not complete within http.head_timeout\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat(passed).isEmpty();
    }

    @Test
    void aBodyIsBoundByTheSameClockButAnAnsweredRequestsLateBodyOnlyCloses() {
        start(16);
        send("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
        assertThat(passed).containsExactly("POST /form");
        advance(TIMEOUT_MILLIS);
        assertThat(outbound()).startsWith("HTTP/1.1 408 ");
        assertThat(ch.isOpen()).isFalse();

        ch.finishAndReleaseAll();
        passed.clear();
        start(16);
        send("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
        answer(HttpResponseStatus.OK); // answered before its body came
        advance(TIMEOUT_MILLIS);
        assertThat(outbound()).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void theClockWaitsWhileAnEarlierRequestIsUnanswered() {
        start(16);
        send(get("/held"));
        send("GET /next HT");
        advance(3 * TIMEOUT_MILLIS);
        assertThat(ch.isOpen()).as("the node, not the client, is late").isTrue();
        answer(HttpResponseStatus.OK);
        advance(TIMEOUT_MILLIS - 1);
        assertThat(ch.isOpen()).isTrue();
        advance(1);
        assertThat(outbound()).startsWith("HTTP/1.1 408 ");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aBodyStreamedToTheProxyHasNoDeadlineButTheNextHeadHas() {
        start(16);
        streamToProxy = true;
        send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab");
        advance(3 * TIMEOUT_MILLIS);
        send("cd");
        advance(3 * TIMEOUT_MILLIS);
        assertThat(ch.isOpen()).isTrue();
        answer(HttpResponseStatus.OK);
        send("GET /ne");
        advance(TIMEOUT_MILLIS);
        assertThat(outbound()).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void emptyLinesBetweenRequestsStartNoClock() {
        start(16);
        send(get("/1"));
        answer(HttpResponseStatus.OK);
        send("\r\n\r\n");
        advance(3 * TIMEOUT_MILLIS);
        assertThat(ch.isOpen()).isTrue();
        assertThat(outbound()).isEmpty();
    }

    @Test
    void idleEventsAreDroppedWhileAnAnswerIsBeingProduced() {
        start(16);
        send(get("/poll"));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertThat(events).isEmpty();
        answer(HttpResponseStatus.OK);
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(events).containsExactly(IdleStateEvent.READER_IDLE_STATE_EVENT);
    }

    @Test
    void leavingThePipelineReleasesWhatWaitsAndResumesReading() {
        start(16);
        send(get("/stream") + "POST /behind HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.pipeline().remove(handler);
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(passed).containsExactly("GET /stream"); // leak detection (paranoid) checks the held body
    }
}
