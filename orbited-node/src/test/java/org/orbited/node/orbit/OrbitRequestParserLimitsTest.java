package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.orbit.OrbitErrorCode.MISSING_VERSION_LINE;
import static org.orbited.node.orbit.OrbitErrorCode.PENDING_BYTES_EXHAUSTED;
import static org.orbited.node.orbit.OrbitErrorCode.REQUEST_TIMEOUT;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the parser holds while a request arrives (memory follows the data, the shared {@link PendingBytes}
 * budget), how it tells a request has started and gives one up, and the missing version line.
 */
class OrbitRequestParserLimitsTest {
    static final String HEAD = "Orbit 1.0\r\nEvent\r\n";
    static final String NEXT = HEAD + "id: next\r\nrecipient: /a\r\nlength: 2\r\n\r\nok";
    static final String NEXT_EVENT = "request next [/a] ok";
    static final int MIB = 1 << 20;

    private static void feed(OrbitRequestParser p, String wire, RecordingSink sink) {
        ByteBuffer in = ByteBuffer.wrap(wire.getBytes(StandardCharsets.ISO_8859_1));
        p.feed(in, sink);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void aDeclaredLengthAllocatesNothingUntilTheBodyArrives() {
        PendingBytes budget = new PendingBytes(64L * MIB);
        OrbitRequestParser p = new OrbitRequestParser(1024, 16, MIB, MIB, budget);
        RecordingSink sink = new RecordingSink();
        feed(p, HEAD + "id: 1\r\nrecipient: /a\r\nlength: " + MIB + "\r\n\r\n", sink);
        assertThat(p.held()).as("only the recipient value").isEqualTo(2);
        assertThat(budget.used()).isEqualTo(2);

        feed(p, "x".repeat(100), sink);
        assertThat(p.held()).as("a first chunk, not the declared megabyte").isLessThanOrEqualTo(2 + 8192);

        feed(p, "y".repeat(MIB - 100), sink);
        assertThat(sink.events).hasSize(1);
        OrbitRequest r = (OrbitRequest) sink.events.get(0);
        assertThat(r.body()).hasSize(MIB);
        assertThat(r.body()[99]).isEqualTo((byte) 'x');
        assertThat(r.body()[MIB - 1]).isEqualTo((byte) 'y');
        assertThat(budget.used()).as("released once handed on").isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096, 70000})
    void theBodyIsExactWhateverTheChunking(int chunk) {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        OrbitRequestParser p = new OrbitRequestParser(1024, 16, MIB);
        RecordingSink sink = new RecordingSink();
        feed(p, HEAD + "id: 1\r\nrecipient: /a\r\nlength: " + body.length + "\r\n\r\n", sink);
        for (int i = 0; i < body.length; i += chunk) {
            p.feed(ByteBuffer.wrap(body, i, Math.min(chunk, body.length - i)), sink);
        }
        assertThat(((OrbitRequest) sink.events.get(0)).body()).isEqualTo(body);
    }

    @Test
    void aBodyThatFindsTheBudgetUsedUpIsDiscardedAndAnsweredAndTheNextRequestIsServed() {
        PendingBytes budget = new PendingBytes(25_000);
        OrbitRequestParser holder = new OrbitRequestParser(1024, 16, MIB, MIB, budget);
        OrbitRequestParser other = new OrbitRequestParser(1024, 16, MIB, MIB, budget);
        RecordingSink held = new RecordingSink();
        RecordingSink sink = new RecordingSink();
        feed(holder, HEAD + "id: h\r\nrecipient: /a\r\nlength: 20000\r\n\r\n" + "h".repeat(17000), held);
        assertThat(budget.used()).isEqualTo(17002);

        feed(other, HEAD + "id: 5\r\nrecipient: /a\r\nlength: 12000\r\n\r\n" + "o".repeat(12000) + NEXT, sink);
        assertThat(sink.describe()).containsExactly(
                "malformed " + new OrbitMalformed("5", PENDING_BYTES_EXHAUSTED), NEXT_EVENT);
        assertThat(other.held()).isZero();

        feed(holder, "h".repeat(3000), held);
        assertThat(((OrbitRequest) held.events.get(0)).body()).hasSize(20000);
        assertThat(budget.used()).isZero();
    }

    @Test
    void recipientValuesCountAgainstTheBudgetToo() {
        PendingBytes budget = new PendingBytes(100);
        OrbitRequestParser p = new OrbitRequestParser(1024, 64, MIB, MIB, budget);
        RecordingSink sink = new RecordingSink();
        feed(p, HEAD + "id: 6\r\n" + "recipient: someone, 0, /a-long-location\r\n".repeat(10)
                + "length: 2\r\n\r\nhi" + NEXT, sink);
        assertThat(sink.describe()).containsExactly(
                "malformed " + new OrbitMalformed("6", PENDING_BYTES_EXHAUSTED), NEXT_EVENT);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aHeadLongerThanMaxHeadIsAClosingErrorFoundAsSoonAsItIsPassed() {
        String head = HEAD + "id: 12\r\n" + "recipient: a-rather-long-user-name, 0, /location\r\n".repeat(4);
        int headBytes = head.replace("\r\n", "").length();
        OrbitRequestParser exact = new OrbitRequestParser(1024, 16, MIB, headBytes + "length: 2".length(),
                PendingBytes.unlimited());
        RecordingSink fits = new RecordingSink();
        feed(exact, head + "length: 2\r\n\r\nok", fits);
        assertThat(fits.events).singleElement().isInstanceOf(OrbitRequest.class);

        OrbitRequestParser small = new OrbitRequestParser(1024, 16, MIB, headBytes, PendingBytes.unlimited());
        RecordingSink sink = new RecordingSink();
        feed(small, head + "l", sink);
        assertThat(sink.events).containsExactly(new OrbitMalformed("12", OrbitErrorCode.HEAD_TOO_LARGE));
        assertThat(small.isClosed()).isTrue();
    }

    @Test
    void theHeadLimitCountsEachRequestAfresh() {
        OrbitRequestParser p = new OrbitRequestParser(1024, 16, MIB, NEXT.indexOf("\r\n\r\n"), PendingBytes.unlimited());
        RecordingSink sink = new RecordingSink();
        feed(p, (NEXT + "\r\n").repeat(5), sink);
        assertThat(sink.describe()).containsExactly(NEXT_EVENT, NEXT_EVENT, NEXT_EVENT, NEXT_EVENT, NEXT_EVENT);
    }

    @Test
    void requestStartIsTheFirstByteOfLineOneAndEmptyLinesDoNotStartOne() {
        RecordingSink sink = RecordingSink.parse("\r\n\n" + NEXT + "\r\n" + NEXT + "\r\n");
        assertThat(sink.started).isEqualTo(2);
        OrbitRequestParser p = RecordingSink.parser();
        feed(p, NEXT + "\r\n\r\n", new RecordingSink());
        assertThat(p.inRequest()).as("between requests").isFalse();
        feed(p, "O", new RecordingSink());
        assertThat(p.inRequest()).isTrue();
    }

    @Test
    void abandoningReportsTheRequestWithItsIdAndClosesTheParser() {
        PendingBytes budget = new PendingBytes(MIB);
        OrbitRequestParser p = new OrbitRequestParser(1024, 16, MIB, MIB, budget);
        RecordingSink sink = new RecordingSink();
        feed(p, NEXT + HEAD + "id: 8\r\nrecipient: /a\r\nlength: 10\r\n\r\nhalf", sink);
        assertThat(budget.used()).isPositive();
        assertThat(p.abandon(REQUEST_TIMEOUT, sink)).isTrue();
        assertThat(sink.describe()).containsExactly(NEXT_EVENT, "malformed " + new OrbitMalformed("8", REQUEST_TIMEOUT));
        assertThat(p.isClosed()).isTrue();
        assertThat(budget.used()).isZero();
    }

    @Test
    void abandoningBeforeTheIdGivesTheErrorFormAndBetweenRequestsDoesNothing() {
        OrbitRequestParser p = RecordingSink.parser();
        RecordingSink sink = new RecordingSink();
        feed(p, "Orb", sink);
        assertThat(p.abandon(REQUEST_TIMEOUT, sink)).isTrue();
        assertThat(sink.events).containsExactly(new OrbitMalformed(null, REQUEST_TIMEOUT));

        OrbitRequestParser idle = RecordingSink.parser();
        feed(idle, NEXT + "\r\n", new RecordingSink());
        RecordingSink none = new RecordingSink();
        assertThat(idle.abandon(REQUEST_TIMEOUT, none)).isFalse();
        assertThat(none.events).isEmpty();
        assertThat(idle.isClosed()).isFalse();
    }

    @Test
    void closingReleasesWhatAHalfReceivedRequestHeld() {
        PendingBytes budget = new PendingBytes(MIB);
        OrbitRequestParser p = new OrbitRequestParser(1024, 16, MIB, MIB, budget);
        feed(p, HEAD + "id: 9\r\nrecipient: /a\r\nlength: 100\r\n\r\n" + "z".repeat(50), new RecordingSink());
        assertThat(budget.used()).isPositive();
        p.close();
        p.close();
        assertThat(budget.used()).isZero();
        assertThat(p.isClosed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // a newcomer's request: no version line, so Event is taken as one and id as the action line
            "Event\r\nid: 1\r\nrecipient: /a\r\nlength: 3\r\n\r\nbad",
            // neither line
            "id: 1\r\nrecipient: /a\r\nlength: 3\r\n\r\nbad",
            "length: 3\r\nid: 1\r\nrecipient: /a\r\n\r\nbad",
            // a version line but no action line
            "Orbit 1.0\r\nID : 1\r\nrecipient: /a\r\nlength: 3\r\n\r\nbad",
            "Orbit/1.0\nRecipient: /a\nid: 1\nlength: 3\n\nbad"})
    void aMissingVersionLineIsAnsweredWithItsIdAndTheStreamStaysInSync(String wire) {
        assertThat(RecordingSink.parse(wire + NEXT).describe())
                .containsExactly("malformed " + new OrbitMalformed("1", MISSING_VERSION_LINE), NEXT_EVENT);
    }

    @Test
    void aMissingVersionLineWithoutIdTakesTheErrorForm() {
        assertThat(RecordingSink.parse("Event\r\nrecipient: /a\r\nlength: 3\r\n\r\nbad" + NEXT).describe())
                .containsExactly("malformed " + new OrbitMalformed(null, MISSING_VERSION_LINE), NEXT_EVENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Orbit 1.0\r\nEvent\r\n", "Orbit/1.0\r\nAction: Event\r\n", "Orbit/1.0\r\n\r\n",
            "anything\r\nat all: really\r\n", "id\r\nlength\r\n", "x-id: 1\r\nrecipients: 2\r\n"})
    void everyOtherVersionAndActionLineIsAccepted(String lines) {
        assertThat(RecordingSink.parse(lines + "id: next\r\nrecipient: /a\r\nlength: 2\r\n\r\nok").describe())
                .containsExactly(NEXT_EVENT);
    }
}
