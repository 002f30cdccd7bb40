package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.orbited.node.orbit.OrbitRequestDecoderTest.NO_LENGTH;
import static org.orbited.node.orbit.OrbitRequestDecoderTest.ONE;
import static org.orbited.node.orbit.OrbitRequestDecoderTest.TWO;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Decoder + {@link OrbitRequestHandler} on an {@link EmbeddedChannel} with a {@link RecordingDispatcher}. */
class OrbitRequestHandlerTest {
    static final String HEAD = "Orbit 1.0\r\nEvent\r\n";
    static final int BACKLOG = 64;

    final OrbitStats stats = new OrbitStats();

    private EmbeddedChannel channel(OrbitDispatcher dispatcher) {
        return new EmbeddedChannel(new OrbitRequestDecoder(128, 4, 16),
                new OrbitRequestHandler(dispatcher, stats, BACKLOG));
    }

    private static void write(EmbeddedChannel ch, String wire, boolean byteByByte) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        if (byteByByte) {
            for (byte b : bytes) {
                ch.writeInbound(Unpooled.buffer(1).writeByte(b));
            }
        } else {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
    }

    /** Every reply written so far, as text; releases the buffers. */
    private static List<String> replies(EmbeddedChannel ch) {
        List<String> out = new ArrayList<>();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            if (b.isReadable()) {
                out.add(b.toString(StandardCharsets.ISO_8859_1));
            }
            b.release();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void wellFormedRequestsAreDispatchedAndAnswered(boolean byteByByte) {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        EmbeddedChannel ch = channel(dispatcher);
        write(ch, ONE + TWO, byteByByte);
        assertThat(dispatcher.ids()).containsExactly("1", "2");
        assertThat(replies(ch)).containsExactly("Success\r\nid: 1\r\n\r\n", "Success\r\nid: 2\r\n\r\n");
        assertThat(stats.requestsIn()).isEqualTo(2);
        assertThat(stats.repliesOut()).isEqualTo(2);
        assertThat(ch.finish()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            HEAD + "id: 3\r\nlength: 1\r\n\r\nx|Failure\r\nid: 3\r\nmsg: no recipients\r\n\r\n",
            HEAD + "id: 3\r\nrecipient /a\r\nlength: 2\r\n\r\nab|Failure\r\nid: 3\r\nmsg: malformed header line\r\n\r\n",
            HEAD + "id: 3\r\nrecipient: /a\r\nid: 4\r\nlength: 0\r\n\r\n|Failure\r\nid: 3\r\nmsg: malformed header line\r\n\r\n",
            HEAD + "id: 3\r\nrecipient: /a\r\nlength: 17\r\n\r\n01234567890123456|"
                    + "Failure\r\nid: 3\r\nmsg: body exceeds op.max_body\r\n\r\n",
            HEAD + "recipient: /a\r\nlength: 2\r\n\r\nab|Error\r\nmsg: missing id header\r\n\r\n"})
    void recoverableMalformedRequestIsAnsweredAndTheNextOneStillDispatched(String scenario) {
        String[] parts = scenario.split("\\|");
        for (boolean byteByByte : new boolean[] {false, true}) {
            RecordingDispatcher dispatcher = new RecordingDispatcher();
            EmbeddedChannel ch = channel(dispatcher);
            write(ch, parts[0] + TWO, byteByByte);
            assertThat(replies(ch)).containsExactly(parts[1], "Success\r\nid: 2\r\n\r\n");
            assertThat(dispatcher.ids()).containsExactly("2");
            assertThat(ch.isActive()).isTrue();
            assertThat(ch.finish()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            NO_LENGTH + "|Failure\r\nid: 4\r\nmsg: missing or invalid length header\r\n\r\n",
            HEAD + "id: 5\r\nlength: -1\r\n\r\n|Failure\r\nid: 5\r\nmsg: missing or invalid length header\r\n\r\n",
            HEAD + "id: 5\r\nlength: 1\r\nlength: 2\r\n\r\n|Failure\r\nid: 5\r\nmsg: missing or invalid length header\r\n\r\n",
            HEAD + "id: 6\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n|Failure\r\nid: 6\r\nmsg: too many headers\r\n\r\n",
            "Orbit 1.0\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                    + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx|Error\r\nmsg: line exceeds op.max_line\r\n\r\n"})
    void closingErrorIsAnsweredThenTheChannelCloses(String scenario) {
        String[] parts = scenario.split("\\|");
        for (boolean byteByByte : new boolean[] {false, true}) {
            RecordingDispatcher dispatcher = new RecordingDispatcher();
            EmbeddedChannel ch = channel(dispatcher);
            write(ch, ONE + parts[0], byteByByte);
            if (ch.isOpen()) {
                write(ch, TWO, byteByByte); // ignored
            }
            assertThat(replies(ch)).containsExactly("Success\r\nid: 1\r\n\r\n", parts[1]);
            assertThat(dispatcher.ids()).containsExactly("1");
            assertThat(ch.isOpen()).isFalse();
            assertThat(stats.malformedIn()).isPositive();
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void laterReplyIsWrittenAndAReplyAfterCloseIsDropped() {
        RecordingDispatcher dispatcher = new RecordingDispatcher(null);
        EmbeddedChannel ch = channel(dispatcher);
        write(ch, ONE + TWO, false);
        assertThat(replies(ch)).isEmpty();
        dispatcher.sinks.get(1).reply(OrbitReplies.failure("2", List.of("(alice, 0, /chat)")));
        assertThat(replies(ch)).containsExactly("Failure\r\nid: 2\r\nmsg: Failed to reach one or more recipients\r\n"
                + "recipient: (alice, 0, /chat)\r\n\r\n");
        ch.close();
        dispatcher.sinks.get(0).reply(OrbitReplies.success("1"));
        assertThat(stats.repliesOut()).isEqualTo(1);
        assertThat(stats.repliesDropped()).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aSecondReplyForTheSameRequestFailsFast() {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        EmbeddedChannel ch = channel(dispatcher);
        write(ch, ONE, false);
        assertThatThrownBy(() -> dispatcher.sinks.get(0).reply(OrbitReplies.success("1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("id 1");
        assertThat(replies(ch)).hasSize(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aThrowingDispatcherDoesNotCloseTheConnection() {
        EmbeddedChannel ch = channel((request, replies) -> {
            throw new IllegalStateException("core failure (expected by the test)");
        });
        write(ch, ONE, false);
        assertThat(ch.isActive()).isTrue();
        assertThat(stats.requestsIn()).isEqualTo(1);
        assertThat(replies(ch)).containsExactly("Failure\r\nid: 1\r\nmsg: internal error\r\n\r\n");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void readingPausesWhileTheReplyBacklogIsOverTheHighWaterMark() {
        RecordingDispatcher dispatcher = new RecordingDispatcher(null);
        EmbeddedChannel ch = channel(dispatcher);
        assertThat(ch.config().getWriteBufferHighWaterMark()).isEqualTo(BACKLOG);
        write(ch, ONE, false);
        // queue more than the backlog without flushing, as a socket that the peer does not read would
        ch.write(Unpooled.wrappedBuffer(new byte[BACKLOG + 1]));
        assertThat(ch.isWritable()).isFalse();
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.flush();
        assertThat(ch.isWritable()).isTrue();
        assertThat(ch.config().isAutoRead()).isTrue();
        replies(ch);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aMissingVersionLineIsAnsweredAndLoggedOncePerConnection() {
        Logger logger = (Logger) LoggerFactory.getLogger(OrbitRequestHandler.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            RecordingDispatcher dispatcher = new RecordingDispatcher();
            EmbeddedChannel ch = channel(dispatcher);
            String newcomer = "Event\r\nid: 7\r\nrecipient: /a\r\nlength: 2\r\n\r\nhi";
            write(ch, newcomer + newcomer + TWO, false);
            String reply = "Failure\r\nid: 7\r\nmsg: missing version line (a request starts with Orbit 1.0 then Event)"
                    + "\r\n\r\n";
            assertThat(replies(ch)).containsExactly(reply, reply, "Success\r\nid: 2\r\n\r\n");
            assertThat(dispatcher.ids()).containsExactly("2");
            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN)
                    .singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                            .contains("without version line").contains("id 7"));
            assertThat(ch.finish()).isFalse();
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void gracefulCloseEventFlushesEarlierRepliesThenCloses() {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        EmbeddedChannel ch = channel(dispatcher);
        write(ch, ONE, false);
        ch.pipeline().fireUserEventTriggered(OrbitRequestHandler.CLOSE_AFTER_FLUSH);
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(replies(ch)).containsExactly("Success\r\nid: 1\r\n\r\n");
        assertThat(ch.finish()).isFalse();
    }
}
