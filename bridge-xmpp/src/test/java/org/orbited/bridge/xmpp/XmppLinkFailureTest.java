package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.sasl.packet.SaslNonza;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class XmppLinkFailureTest {
    @BeforeAll
    static void smack() {
        SmackSetup.init();
    }

    private static StreamError stream(StreamError.Condition c) {
        return new StreamError(c, null, Map.of("en", "Received SIGTERM"), List.of());
    }

    @Test
    void tlsFailuresAreFoundInTheCauseChain() {
        XmppLinkFailure untrusted = XmppLinkFailure.of(SmackException.SmackWrappedException.class.cast(
                new SmackException.SmackWrappedException(new SSLHandshakeException("PKIX path building failed"))));
        assertThat(untrusted.code()).isEqualTo("xmpp_tls_failed");
        assertThat(untrusted.reason()).contains("PKIX");
        XmppLinkFailure mismatch = XmppLinkFailure.of(new SmackException.SmackWrappedException(
                new CertificateException("Hostname verification of certificate failed")));
        assertThat(mismatch.code()).isEqualTo("xmpp_tls_failed");
        assertThat(mismatch.isConfiguration()).isTrue();
    }

    @Test
    void tlsRequiredAuthAndAnonymous() {
        assertThat(XmppLinkFailure.of(new SmackException.SecurityRequiredByServerException()).code())
                .isEqualTo("xmpp_tls_required");
        assertThat(XmppLinkFailure.of(new SmackException.SecurityRequiredByClientException()).code())
                .isEqualTo("xmpp_tls_required");
        assertThat(XmppLinkFailure.of(new SASLErrorException("SCRAM-SHA-1",
                new SaslNonza.SASLFailure("not-authorized"))).code()).isEqualTo("xmpp_auth_failed");
        SmackException.SmackSaslException noMechanism = new SmackException.SmackSaslException(
                "No supported and enabled SASL Mechanism provided by server");
        assertThat(XmppLinkFailure.of(noMechanism, false, true).code()).isEqualTo("xmpp_anonymous_unavailable");
        assertThat(XmppLinkFailure.of(noMechanism, false, false).code()).isEqualTo("xmpp_auth_failed");
    }

    @Test
    void streamErrorsAndConnectionLoss() {
        XmppLinkFailure shutdown = XmppLinkFailure.of(new XMPPException.StreamErrorException(
                stream(StreamError.Condition.system_shutdown)), true, false);
        assertThat(shutdown.code()).isEqualTo("xmpp_connection_lost");
        assertThat(shutdown.reason()).contains("system-shutdown").contains("SIGTERM");
        assertThat(XmppLinkFailure.of(new XMPPException.StreamErrorException(stream(StreamError.Condition.conflict)))
                .code()).isEqualTo("xmpp_replaced");
        assertThat(XmppLinkFailure.of(new XMPPException.StreamErrorException(
                stream(StreamError.Condition.not_well_formed))).reason()).contains("not-well-formed");
        assertThat(XmppLinkFailure.of(new ConnectException("Connection refused")).code())
                .isEqualTo("xmpp_connect_failed");
        assertThat(XmppLinkFailure.of(new java.io.EOFException(), true, false).code())
                .isEqualTo("xmpp_connection_lost");
        assertThat(XmppLinkFailure.of(new java.io.EOFException(), false, false).code())
                .isEqualTo("xmpp_connect_failed");
        assertThat(XmppLinkFailure.registrationTimeout(java.time.Duration.ofSeconds(3)).code())
                .isEqualTo("xmpp_registration_timeout");
    }
}
