package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.node.orbit.OrbitErrorCode.BODY_TOO_LARGE;
import static org.orbited.node.orbit.OrbitErrorCode.INVALID_LENGTH;
import static org.orbited.node.orbit.OrbitErrorCode.LINE_TOO_LONG;
import static org.orbited.node.orbit.OrbitErrorCode.MALFORMED_HEADER_LINE;
import static org.orbited.node.orbit.OrbitErrorCode.MISSING_ID;
import static org.orbited.node.orbit.OrbitErrorCode.NO_RECIPIENTS;
import static org.orbited.node.orbit.OrbitErrorCode.TOO_MANY_HEADERS;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every row of the malformed-request table of orbit-protocol.md §2.2, the conflict cases, the limit
 * boundaries and the documented priority. A recoverable error must leave the parser in sync, proven
 * by a well-formed request that follows it; a closing error must swallow everything after it.
 */
class OrbitRequestParserMalformedTest {
    static final String HEAD = "Orbit 1.0\r\nEvent\r\n";
    static final String NEXT = HEAD + "id: next\r\nrecipient: /a\r\nlength: 2\r\n\r\nok";
    static final String NEXT_EVENT = "request next [/a] ok";

    private static void assertRecoverable(String bad, String id, OrbitErrorCode code) {
        RecordingSink sink = RecordingSink.parse(bad + NEXT);
        assertThat(sink.describe()).containsExactly(
                "malformed " + new OrbitMalformed(id, code), NEXT_EVENT);
    }

    private static void assertClosing(String bad, String id, OrbitErrorCode code) {
        OrbitRequestParser p = RecordingSink.parser();
        RecordingSink sink = new RecordingSink();
        p.feed(ByteBuffer.wrap((bad + NEXT).getBytes(StandardCharsets.ISO_8859_1)), sink);
        assertThat(sink.events).containsExactly(new OrbitMalformed(id, code));
        assertThat(p.isClosed()).isTrue();
        ByteBuffer more = ByteBuffer.wrap(NEXT.getBytes(StandardCharsets.ISO_8859_1));
        p.feed(more, sink);
        assertThat(more.hasRemaining()).isFalse();
        assertThat(sink.events).hasSize(1);
        RecordingSink.parse(bad + NEXT); // same result however it is chunked
    }

    @Test
    void noRecipients() {
        assertRecoverable(HEAD + "id: 3\r\nlength: 1\r\n\r\nx", "3", NO_RECIPIENTS);
    }

    @Test
    void headerLineWithoutColonSkipsTheBodyViaLength() {
        assertRecoverable(HEAD + "id: 3\r\nrecipient /a\r\nlength: 5\r\n\r\nOrbit", "3", MALFORMED_HEADER_LINE);
    }

    @Test
    void conflictingIdIsAMalformedHeaderLineAndKeepsTheFirstId() {
        assertRecoverable(HEAD + "id: 3\r\nrecipient: /a\r\nid: 4\r\nlength: 0\r\n\r\n", "3", MALFORMED_HEADER_LINE);
    }

    @Test
    void bodyOverMaxBodyIsReadAndDiscarded() {
        int over = RecordingSink.BODY + 1;
        assertRecoverable(HEAD + "id: 3\r\nrecipient: /a\r\nlength: " + over + "\r\n\r\n" + "\r\n".repeat(over / 2)
                + "x", "3", BODY_TOO_LARGE);
    }

    @Test
    void missingIdWithValidLengthIsAnErrorWithoutId() {
        assertRecoverable(HEAD + "recipient: /a\r\nlength: 2\r\n\r\nxy", null, MISSING_ID);
    }

    @Test
    void emptyIdCountsAsMissing() {
        assertRecoverable(HEAD + "id:  \r\nrecipient: /a\r\nlength: 0\r\n\r\n", null, MISSING_ID);
    }

    @Test
    void missingLengthCloses() {
        assertClosing(HEAD + "id: 3\r\nrecipient: /a\r\n\r\nbody", "3", INVALID_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "+1", "1 2", "0x10", "", "1234567890123456789"})
    void invalidLengthCloses(String length) {
        assertClosing(HEAD + "id: 3\r\nrecipient: /a\r\nlength: " + length + "\r\n\r\n", "3", INVALID_LENGTH);
    }

    @Test
    void conflictingLengthCloses() {
        assertClosing(HEAD + "id: 3\r\nlength: 1\r\nrecipient: /a\r\nLength: 2\r\n\r\nab", "3", INVALID_LENGTH);
    }

    @Test
    void invalidLengthWithoutIdIsStillTheClosingError() {
        assertClosing(HEAD + "recipient: /a\r\n\r\n", null, INVALID_LENGTH);
    }

    @Test
    void lineOverMaxLineClosesAndCarriesTheIdIfKnown() {
        String id = "x".repeat(RecordingSink.LINE - "id: ".length());
        assertClosing(HEAD + "id: " + id + "y\r\n", null, LINE_TOO_LONG);
        assertClosing(HEAD + "id: 3\r\nrecipient: " + "r".repeat(RecordingSink.LINE) + "\r\n", "3", LINE_TOO_LONG);
    }

    @Test
    void lineOverMaxLineIsDetectedBeforeTheLineEnds() {
        OrbitRequestParser p = RecordingSink.parser();
        RecordingSink sink = new RecordingSink();
        p.feed(ByteBuffer.wrap(("v".repeat(RecordingSink.LINE + 1)).getBytes(StandardCharsets.US_ASCII)), sink);
        assertThat(sink.events).containsExactly(new OrbitMalformed(null, LINE_TOO_LONG));
    }

    @Test
    void versionAndActionLinesAndLoneCrCountTowardsMaxLine() {
        assertClosing("v".repeat(RecordingSink.LINE + 1) + "\r\n", null, LINE_TOO_LONG);
        assertClosing("Orbit 1.0\r\n" + "a".repeat(RecordingSink.LINE) + "\r\r\n", null, LINE_TOO_LONG);
    }

    @Test
    void moreThanMaxHeadersCloses() {
        StringBuilder wire = new StringBuilder(HEAD + "id: 3\r\n");
        for (int i = 1; i < RecordingSink.HEADERS; i++) {
            wire.append(i % 2 == 0 ? "no colon\r\n" : "x: y\r\n");
        }
        wire.append("recipient: /a\r\n");
        assertClosing(wire.toString(), "3", TOO_MANY_HEADERS);
    }

    @Test
    void priorityMissingIdBeatsEveryOtherRecoverableProblem() {
        assertRecoverable(HEAD + "bad line\r\nlength: " + (RecordingSink.BODY + 1) + "\r\n\r\n"
                + "b".repeat(RecordingSink.BODY + 1), null, MISSING_ID);
    }

    @Test
    void priorityMalformedLineBeatsBodyTooLargeAndNoRecipients() {
        assertRecoverable(HEAD + "id: 3\r\nrecipient alice\r\nlength: " + (RecordingSink.BODY + 1) + "\r\n\r\n"
                + "b".repeat(RecordingSink.BODY + 1), "3", MALFORMED_HEADER_LINE);
    }

    @Test
    void priorityBodyTooLargeBeatsNoRecipients() {
        assertRecoverable(HEAD + "id: 3\r\nlength: " + (RecordingSink.BODY + 1) + "\r\n\r\n"
                + "b".repeat(RecordingSink.BODY + 1), "3", BODY_TOO_LARGE);
    }

    @Test
    void priorityClosingErrorBeatsRecoverableOnes() {
        assertClosing(HEAD + "no colon\r\n\r\n", null, INVALID_LENGTH);
    }

    @Test
    void catalogTextsNeverContainColonSpaceAndCloseOnlyWhenUnsynchronisable() {
        for (OrbitErrorCode code : OrbitErrorCode.values()) {
            assertThat(code.message()).doesNotContain(": ");
        }
        assertThat(INVALID_LENGTH.closesConnection()).isTrue();
        assertThat(LINE_TOO_LONG.closesConnection()).isTrue();
        assertThat(TOO_MANY_HEADERS.closesConnection()).isTrue();
        assertThat(NO_RECIPIENTS.closesConnection() || MALFORMED_HEADER_LINE.closesConnection()
                || BODY_TOO_LARGE.closesConnection() || MISSING_ID.closesConnection()).isFalse();
    }
}
