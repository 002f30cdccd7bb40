package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.orbit.OrbitRequestDecoderTest.ONE;
import static org.orbited.node.orbit.OrbitRequestDecoderTest.TWO;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real Orbit pipeline ({@link OrbitServerInitializer}) on an {@link EmbeddedChannel} with a frozen clock:
 * {@code op.request_timeout} (first byte to last, paused time not counted, idle connections kept) and the
 * in-flight bounds ({@code op.max_in_flight}, {@code op.max_in_flight_bytes}).
 */
class OrbitConnectionLimitsTest {
    static final long TIMEOUT_MS = 1000;
    static final String TIMED_OUT = "msg: request incomplete after op.request_timeout\r\n\r\n";

    final OrbitStats stats = new OrbitStats();
    final PendingBytes budget = new PendingBytes(1 << 20);

    private EmbeddedChannel channel(OrbitDispatcher dispatcher, int maxInFlight, long maxInFlightBytes) {
        OrbitSettings settings = new OrbitSettings("127.0.0.1", 0, 1024, 16, 4096, 8192, 1 << 16, TIMEOUT_MS,
                budget.limit(), maxInFlight, maxInFlightBytes);
        EmbeddedChannel ch = new EmbeddedChannel(new OrbitServerInitializer(settings, dispatcher, stats,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), budget));
        ch.freezeTime();
        return ch;
    }

    private EmbeddedChannel channel(OrbitDispatcher dispatcher) {
        return channel(dispatcher, 10_000, 1 << 20);
    }

    private static void write(EmbeddedChannel ch, String wire) {
        ch.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
    }

    private static void advance(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    /** Every reply flushed so far, as text; releases the buffers. */
    private static List<String> replies(EmbeddedChannel ch) {
        ch.runPendingTasks(); // the flush consolidation may have deferred a flush
        List<String> out = new ArrayList<>();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            if (b.isReadable()) {
                out.add(b.toString(StandardCharsets.ISO_8859_1));
            }
            b.release();
        }
        return out;
    }

    @Test
    void aHeadThatStopsHalfWayIsAnsweredWithItsIdAtTheTimeoutAndClosed() {
        EmbeddedChannel ch = channel(new RecordingDispatcher());
        write(ch, "Orbit 1.0\r\nEvent\r\nid: 9\r\nrecip");
        advance(ch, TIMEOUT_MS - 1);
        assertThat(replies(ch)).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 1);
        assertThat(replies(ch)).containsExactly("Failure\r\nid: 9\r\n" + TIMED_OUT);
        assertThat(ch.isOpen()).isFalse();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aBodyThatStopsHalfWayIsAnsweredAndWhatItHeldIsReleased() {
        EmbeddedChannel ch = channel(new RecordingDispatcher());
        write(ch, ONE + "Orbit 1.0\r\nEvent\r\nid: 10\r\nrecipient: /a\r\nlength: 4000\r\n\r\n" + "b".repeat(2000));
        assertThat(budget.used()).isPositive();
        advance(ch, TIMEOUT_MS);
        assertThat(replies(ch)).containsExactly("Success\r\nid: 1\r\n\r\n", "Failure\r\nid: 10\r\n" + TIMED_OUT);
        assertThat(ch.isOpen()).isFalse();
        assertThat(budget.used()).isZero();
    }

    @Test
    void beforeTheIdIsReadTheTimeoutTakesTheErrorForm() {
        EmbeddedChannel ch = channel(new RecordingDispatcher());
        write(ch, "Orb");
        advance(ch, TIMEOUT_MS);
        assertThat(replies(ch)).containsExactly("Error\r\n" + TIMED_OUT);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aHeadTrickledByteByByteIsCutAtTheTimeoutCountedFromItsFirstByte() {
        EmbeddedChannel ch = channel(new RecordingDispatcher());
        String head = "Orbit 1.0\r\nEvent\r\nid: 11\r\nrecipient: /a\r\nlength: 2\r\n\r\nok";
        int sent = 0;
        long elapsed = 0;
        while (ch.isOpen() && sent < head.length()) {
            write(ch, head.substring(sent, sent + 1));
            sent++;
            advance(ch, 100);
            elapsed += 100;
        }
        assertThat(elapsed).isEqualTo(TIMEOUT_MS);
        assertThat(sent).isEqualTo(10);
        assertThat(replies(ch)).containsExactly("Error\r\n" + TIMED_OUT);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aConnectionIdleBetweenRequestsIsNeverTimedOut() {
        EmbeddedChannel ch = channel(new RecordingDispatcher());
        write(ch, ONE + "\r\n"); // a trailing CRLF after the body, as some clients send, starts nothing
        advance(ch, 10 * TIMEOUT_MS);
        write(ch, TWO);
        advance(ch, 10 * TIMEOUT_MS);
        assertThat(replies(ch)).containsExactly("Success\r\nid: 1\r\n\r\n", "Success\r\nid: 2\r\n\r\n");
        assertThat(ch.isOpen()).isTrue();
        EmbeddedChannel silent = channel(new RecordingDispatcher());
        advance(silent, 10 * TIMEOUT_MS);
        assertThat(silent.isOpen()).isTrue();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(silent.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRequestThatArrivesInTimeIsNotCut() {
        EmbeddedChannel ch = channel(new RecordingDispatcher());
        write(ch, ONE.substring(0, 20));
        advance(ch, TIMEOUT_MS - 1);
        write(ch, ONE.substring(20));
        advance(ch, TIMEOUT_MS);
        assertThat(replies(ch)).containsExactly("Success\r\nid: 1\r\n\r\n");
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void noMoreThanMaxInFlightRequestsAreDispatchedAndReadingResumesAtHalf() {
        RecordingDispatcher dispatcher = new RecordingDispatcher(null); // the test replies
        EmbeddedChannel ch = channel(dispatcher, 4, 1 << 20);
        StringBuilder wire = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            wire.append(request(String.valueOf(i)));
        }
        write(ch, wire.toString()); // one read holding ten requests
        assertThat(dispatcher.ids()).containsExactly("1", "2", "3", "4");
        assertThat(ch.config().isAutoRead()).isFalse();

        dispatcher.sinks.get(0).reply(OrbitReplies.success("1")); // 3 in flight: above half of 4
        assertThat(dispatcher.ids()).hasSize(4);
        dispatcher.sinks.get(1).reply(OrbitReplies.success("2")); // 2 in flight: resume, up to 4 again
        assertThat(dispatcher.ids()).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(replies(ch)).containsExactly("Success\r\nid: 1\r\n\r\n", "Success\r\nid: 2\r\n\r\n");

        for (int i = 2; i < 10; i++) {
            dispatcher.sinks.get(i).reply(OrbitReplies.success(String.valueOf(i + 1)));
        }
        assertThat(dispatcher.ids()).hasSize(10);
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(replies(ch)).hasSize(8);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void inFlightBytesAlsoPauseReading() {
        RecordingDispatcher dispatcher = new RecordingDispatcher(null);
        // each request holds 12 body bytes and 2 recipient bytes: the third reaches 42 > 40
        EmbeddedChannel ch = channel(dispatcher, 10_000, 40);
        write(ch, request("a") + request("b") + request("c") + request("d"));
        assertThat(dispatcher.ids()).containsExactly("a", "b", "c");
        dispatcher.sinks.get(0).reply(OrbitReplies.success("a"));
        dispatcher.sinks.get(1).reply(OrbitReplies.success("b"));
        assertThat(dispatcher.ids()).containsExactly("a", "b", "c", "d");
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(ch.finishAndReleaseAll()).isTrue(); // replies still queued outbound
    }

    @Test
    void timeWhileTheNodeIsNotReadingDoesNotCountAgainstARequest() {
        RecordingDispatcher dispatcher = new RecordingDispatcher(null);
        EmbeddedChannel ch = channel(dispatcher, 1, 1 << 20);
        write(ch, request("1") + "Orbit 1.0\r\nEvent\r\nid: 2\r\n"); // request 2 starts while reading is paused
        assertThat(ch.config().isAutoRead()).isFalse();
        advance(ch, 5 * TIMEOUT_MS);
        assertThat(ch.isOpen()).as("paused for five timeouts").isTrue();

        dispatcher.sinks.get(0).reply(OrbitReplies.success("1")); // reading resumes
        assertThat(ch.config().isAutoRead()).isTrue();
        advance(ch, TIMEOUT_MS - 1);
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 1);
        assertThat(replies(ch)).containsExactly("Success\r\nid: 1\r\n\r\n", "Failure\r\nid: 2\r\n" + TIMED_OUT);
        assertThat(ch.isOpen()).isFalse();
    }

    private static String request(String id) {
        return "Orbit 1.0\r\nEvent\r\nid: " + id + "\r\nrecipient: /a\r\nlength: 12\r\n\r\n[\"msg\",\"hi\"]";
    }
}
