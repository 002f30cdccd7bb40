package org.orbited.bridge.xmpp;

import static org.orbited.bridge.common.Causes.deepestMessage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;

/**
 * Why a connection attempt failed or a link ended: a stable {@link #code} for browsers (the {@code code} of a
 * {@code disconnected} status event, docs/xmpp.md "The bridge's connection and TLS") and a {@link #reason} for
 * people and logs; the sibling of IRC's {@code LinkFailure}. Built from what Smack throws or reports through
 * {@code connectionClosedOnError} by {@link #of}, which walks the cause chain (Smack wraps TLS failures in
 * {@code SmackWrappedException}). Immutable.
 */
public record XmppLinkFailure(String code, String reason) {
    /** The link was up (authenticated) and ended, prosody's {@code system-shutdown} included. */
    public static final String CONNECTION_LOST = "xmpp_connection_lost";
    /** No link came up (refused, unreachable, closed before authentication). */
    public static final String CONNECT_FAILED = "xmpp_connect_failed";
    /** The TLS handshake failed: untrusted chain, or the certificate does not name the XMPP domain. */
    public static final String TLS_FAILED = "xmpp_tls_failed";
    /** {@code tls = 0} but the server requires TLS, or {@code tls = 1} and the server offers no STARTTLS. */
    public static final String TLS_REQUIRED = "xmpp_tls_required";
    /** The server refused the account's credentials ({@code sasl.user}, {@code sasl.password}). */
    public static final String AUTH_FAILED = "xmpp_auth_failed";
    /** Anonymous login, but the domain offers no SASL ANONYMOUS. */
    public static final String ANONYMOUS_UNAVAILABLE = "xmpp_anonymous_unavailable";
    /** Connect, STARTTLS, SASL and bind did not complete within {@code register.timeout}. */
    public static final String REGISTRATION_TIMEOUT = "xmpp_registration_timeout";
    /** Stream error {@code conflict}: another login took our resource. */
    public static final String REPLACED = "xmpp_replaced";
    /** Any other stream error; its condition is in the reason. */
    public static final String STREAM_ERROR = "xmpp_stream_error";

    public XmppLinkFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@link #of(Throwable, boolean, boolean)} for an account login before authentication. */
    public static XmppLinkFailure of(Throwable failure) {
        return of(failure, false, false);
    }

    /**
     * Classifies what Smack threw or reported.
     *
     * @param wasAuthenticated the link had logged in (then an unknown end is {@link #CONNECTION_LOST})
     * @param anonymous        the login was SASL ANONYMOUS (a missing mechanism is {@link #ANONYMOUS_UNAVAILABLE})
     */
    public static XmppLinkFailure of(Throwable failure, boolean wasAuthenticated, boolean anonymous) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SmackException.SecurityRequiredByServerException) {
                return new XmppLinkFailure(TLS_REQUIRED, "the server requires TLS, and tls = 0");
            }
            if (t instanceof SmackException.SecurityRequiredByClientException) {
                return new XmppLinkFailure(TLS_REQUIRED, "the server offers no STARTTLS, and tls = 1 requires it");
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return new XmppLinkFailure(TLS_FAILED, "TLS: " + (t.getMessage() != null ? t.getMessage()
                        : deepestMessage(t)));
            }
            if (t instanceof XMPPException.StreamErrorException s) {
                return stream(s.getStreamError());
            }
            if (t instanceof SASLErrorException s) {
                return new XmppLinkFailure(AUTH_FAILED, "login refused (" + s.getSASLFailure().getSASLErrorString()
                        + ")");
            }
            if (t instanceof SmackException.SmackSaslException) {
                return anonymous
                        ? new XmppLinkFailure(ANONYMOUS_UNAVAILABLE, "the domain offers no SASL ANONYMOUS login")
                        : new XmppLinkFailure(AUTH_FAILED, "login failed: " + deepestMessage(t));
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException
                    || t instanceof SmackException.EndpointConnectionException) {
                return new XmppLinkFailure(CONNECT_FAILED, "cannot connect: " + deepestMessage(t));
            }
            if (t instanceof SmackException.NoResponseException && !wasAuthenticated) {
                return new XmppLinkFailure(REGISTRATION_TIMEOUT, "the server did not answer: " + deepestMessage(t));
            }
        }
        String message = failure == null ? "connection closed" : deepestMessage(failure);
        return new XmppLinkFailure(wasAuthenticated ? CONNECTION_LOST : CONNECT_FAILED, message);
    }

    /** A stream error from the server. */
    public static XmppLinkFailure stream(StreamError error) {
        String condition = error.getCondition().toString();
        String said = error.getDescriptiveText() != null ? error.getDescriptiveText() : error.getConditionText();
        String text = said == null || said.isBlank() ? "" : ": " + XmppText.clean(said).text();
        return switch (error.getCondition()) {
            case conflict -> new XmppLinkFailure(REPLACED, "another login replaced the bridge's (" + condition + ")");
            case system_shutdown, reset, connection_timeout, see_other_host ->
                    new XmppLinkFailure(CONNECTION_LOST, "the server closed the stream (" + condition + text + ")");
            default -> new XmppLinkFailure(STREAM_ERROR, "stream error " + condition + text);
        };
    }

    public static XmppLinkFailure registrationTimeout(Duration timeout) {
        return new XmppLinkFailure(REGISTRATION_TIMEOUT, "login did not complete within " + timeout.toMillis()
                + " ms (register.timeout)");
    }

    /** True for failures that retrying will not cure without a configuration change (logged as warnings). */
    public boolean isConfiguration() {
        return code.equals(TLS_FAILED) || code.equals(TLS_REQUIRED) || code.equals(AUTH_FAILED)
                || code.equals(ANONYMOUS_UNAVAILABLE);
    }
}
