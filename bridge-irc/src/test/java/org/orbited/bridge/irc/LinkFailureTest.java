package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.pircbotx.exception.IrcException;

/** The codes a {@code disconnected} status event carries, from what PircBotX reports. */
class LinkFailureTest {
    @Test
    void exceptionsAreClassifiedThroughTheirCauses() {
        var tls = LinkFailure.of(new RuntimeException("Exception encountered during connect", new RuntimeException(
                "IO exception when sending line", new SSLHandshakeException("PKIX path building failed"))), false);
        assertThat(tls.code()).isEqualTo("irc_tls_failed");
        assertThat(tls.reason()).contains("PKIX path building failed");
        assertThat(tls.isConfiguration()).isTrue();
        assertThat(LinkFailure.of(new ConnectException("Connection refused"), false).code())
                .isEqualTo("irc_connect_failed");
        assertThat(LinkFailure.of(new java.io.IOException("reset"), true).code()).isEqualTo("irc_connection_lost");
        var pass = LinkFailure.of(new IrcException(IrcException.Reason.CannotLogin,
                "Received error: :irc.example.org 464 * :Password incorrect"), false);
        assertThat(pass.code()).isEqualTo("irc_bad_password");
        assertThat(pass.reason()).contains("464 Password incorrect");
    }

    @Test
    void serverErrorLinesAndNumerics() {
        assertThat(LinkFailure.serverError("ERROR :Access denied: Bad password?", false, true).code())
                .isEqualTo("irc_bad_password");
        assertThat(LinkFailure.serverError("ERROR :Access denied: Bad password?", false, false).code())
                .isEqualTo("irc_registration_refused");
        assertThat(LinkFailure.serverError("ERROR :Closing connection", true, true))
                .isEqualTo(new LinkFailure("irc_connection_lost", "server closed the link: Closing connection"));
        assertThat(LinkFailure.numeric(904, "bridge :SASL authentication failed").code()).isEqualTo("irc_sasl_failed");
        assertThat(LinkFailure.numeric(908, "bridge EXTERNAL :are available SASL mechanisms").code())
                .isEqualTo("irc_sasl_unavailable");
        assertThat(LinkFailure.registrationTimeout(Duration.ofSeconds(3)).code()).isEqualTo("irc_registration_timeout");
    }

    @Test
    void refusalNumericsBecomeErrorEvents() {
        IrcRefusal r = IrcRefusal.of(482, List.of("alice", "#t", "You're not channel operator"));
        assertThat(r.code()).isEqualTo("irc_not_channel_operator");
        assertThat(r.isJoinRefusal()).isFalse();
        assertThat(r.toJson(java.time.Instant.EPOCH).toString()).isEqualTo("{\"type\":\"error\",\"code\":"
                + "\"irc_not_channel_operator\",\"message\":\"You're not channel operator\",\"time\":"
                + "\"1970-01-01T00:00:00.000Z\",\"channel\":\"#t\",\"numeric\":482}");
        assertThat(IrcRefusal.of(474, List.of("alice", "#t", "Cannot join channel (+b)")).isJoinRefusal()).isTrue();
        assertThat(IrcRefusal.of(401, List.of("alice", "nobody", "No such nick")).toJson(java.time.Instant.EPOCH)
                .get("target").asText()).isEqualTo("nobody");
        assertThat(IrcRefusal.of(1, List.of("alice", "Welcome"))).isNull();
    }
}
