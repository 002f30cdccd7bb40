package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.orbited.node.core.ClientAttempt;
import org.orbited.node.http.shared.HttpError;

/** {@code instance} and {@code attempt} (docs/transports.md, "Stale attempts"). */
class CometRequestParserAttemptTest {
    private final CometRequestParser parser = new CometRequestParser("0", "stream");

    private ClientAttempt attempt(String query) throws HttpError.Failure {
        return parser.parseQuery("/chat?user=a&" + query, null, null, null, false).attempt();
    }

    @Test
    void resumableTransportsTakeBothFieldsTogether() throws HttpError.Failure {
        assertThat(attempt("transport=long_poll&instance=Ab_9-z&attempt=12"))
                .isEqualTo(new ClientAttempt("Ab_9-z", 12));
        assertThat(attempt("transport=sse&instance=" + "x".repeat(64) + "&attempt=999999999999999"))
                .isEqualTo(new ClientAttempt("x".repeat(64), 999_999_999_999_999L));
        assertThat(attempt("transport=websocket&attempt=0&instance=p")).isEqualTo(new ClientAttempt("p", 0));
        assertThat(parser.parseQuery("/chat?user=a&instance=p&attempt=1", null, null, null, true).attempt())
                .as("an upgrade is websocket").isEqualTo(new ClientAttempt("p", 1));
    }

    @Test
    void withoutThemOrOnLegacyTransportsThereIsNoAttempt() throws HttpError.Failure {
        assertThat(attempt("transport=long_poll")).isNull();
        assertThat(attempt("transport=sse&instance=&attempt=")).as("blank means absent").isNull();
        // the 0.2/0.3 transports ignore both, whatever a legacy page put there
        assertThat(attempt("transport=xhr_stream&instance=not valid!&attempt=x")).isNull();
        assertThat(attempt("transport=iframe&attempt=3")).isNull();
    }

    @Test
    void malformedValuesAreRefusedWithTheirRule() {
        assertThatThrownBy(() -> attempt("transport=long_poll&instance=p%C3%A9&attempt=1"))
                .hasMessageContaining("instance must be 1 to 64 characters");
        assertThatThrownBy(() -> attempt("transport=long_poll&instance=p&attempt=1.5"))
                .hasMessageContaining("attempt must be a number of 1 to 15 decimal digits");
        assertThatThrownBy(() -> attempt("transport=long_poll&instance=p&attempt=%2B1"))
                .hasMessageContaining("attempt must be a number");
    }
}
