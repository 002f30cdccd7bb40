package org.orbited.node.bayeux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.orbited.node.bayeux.BayeuxParseException.Problem;
import org.orbited.node.core.DisconnectReason;

class BayeuxCloseCodeTest {
    @Test
    void codesAndReasonsAreTheOnesClientsAreToldAbout() {
        assertThat(BayeuxCloseCode.values()).extracting(BayeuxCloseCode::code, BayeuxCloseCode::reason).containsExactly(
                tuple(1001, "shutting down"),
                tuple(1002, "protocol error"),
                tuple(1003, "Bayeux frames are text"),
                tuple(1007, null),
                tuple(1009, "frame exceeds bayeux.max_message_size"),
                tuple(1012, "reconnect"),
                tuple(1013, "try again later"),
                tuple(4001, "slow consumer"),
                tuple(4002, "ping timeout"));
    }

    @Test
    void theSlowConsumerCloseIsTheCoreDisconnectReason() {
        assertThat(BayeuxCloseCode.SLOW_CONSUMER.code()).isEqualTo(DisconnectReason.SLOW_CONSUMER.code());
        assertThat(BayeuxCloseCode.SLOW_CONSUMER.reason()).isEqualTo(DisconnectReason.SLOW_CONSUMER.reason());
    }

    @Test
    void aLimitClosesWith1009AndAnyOtherCodecProblemWith1007() {
        assertThat(BayeuxCloseCode.forProblem(Problem.TOO_LARGE)).isEqualTo(BayeuxCloseCode.MESSAGE_TOO_BIG);
        assertThat(BayeuxCloseCode.forProblem(Problem.TOO_MANY_MESSAGES)).isEqualTo(BayeuxCloseCode.MESSAGE_TOO_BIG);
        assertThat(BayeuxCloseCode.forProblem(Problem.MALFORMED_JSON)).isEqualTo(BayeuxCloseCode.INVALID_PAYLOAD);
        assertThat(BayeuxCloseCode.forProblem(Problem.EMPTY_BATCH)).isEqualTo(BayeuxCloseCode.INVALID_PAYLOAD);
    }

    @Test
    void theReasonOfARefusedFrameIsTheCodecProblemInLowerCase() {
        assertThat(BayeuxCloseCode.token(Problem.MALFORMED_JSON)).isEqualTo("malformed_json");
        assertThat(BayeuxCloseCode.token(Problem.TOO_LARGE)).isEqualTo("too_large");
    }
}
