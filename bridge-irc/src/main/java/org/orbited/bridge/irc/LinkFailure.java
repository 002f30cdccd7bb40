package org.orbited.bridge.irc;

import static org.orbited.bridge.common.Causes.deepestMessage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Why a connection attempt failed or a link ended: a stable {@link #code} for browsers (the {@code code} of a
 * {@code disconnected} status event, docs/irc.md "Status events") and a {@link #reason} for people and logs.
 * Built from what PircBotX reports (exceptions, the server's {@code ERROR} line, numerics before registration) by
 * the classifiers here. Immutable.
 */
record LinkFailure(String code, String reason) {
    /** Nothing more specific is known: the link was up and ended. */
    static final String CONNECTION_LOST = "irc_connection_lost";
    /** Nothing more specific is known: no link came up. */
    static final String CONNECT_FAILED = "irc_connect_failed";
    /** The TLS handshake failed: untrusted chain, host name mismatch, protocol error. */
    static final String TLS_FAILED = "irc_tls_failed";
    /** The server refused the server password ({@code password}): 464, or an ERROR naming the password. */
    static final String BAD_PASSWORD = "irc_bad_password";
    /** {@code sasl.user} is set but the server offers no SASL or no PLAIN mechanism. */
    static final String SASL_UNAVAILABLE = "irc_sasl_unavailable";
    /** The server refused the SASL PLAIN credentials (904 and friends). */
    static final String SASL_FAILED = "irc_sasl_failed";
    /** No 001 within {@code register.timeout}. */
    static final String REGISTRATION_TIMEOUT = "irc_registration_timeout";
    /** The server refused the registration otherwise (a 4xx/5xx numeric or an ERROR line before 001). */
    static final String REGISTRATION_REFUSED = "irc_registration_refused";

    private static final Pattern NUMERIC = Pattern.compile("^(?:@\\S+ )?:\\S+ (\\d{3}) (.*)$");

    LinkFailure {
        java.util.Objects.requireNonNull(code, "code");
        java.util.Objects.requireNonNull(reason, "reason");
    }

    /** From an exception PircBotX threw or reported (the cause chain is searched for TLS and socket errors). */
    static LinkFailure of(Throwable failure, boolean wasRegistered) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return new LinkFailure(TLS_FAILED, "TLS: " + deepestMessage(t));
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException) {
                return new LinkFailure(CONNECT_FAILED, t.getClass().getSimpleName() + ": " + t.getMessage());
            }
            if (t instanceof org.pircbotx.exception.IrcException && t.getMessage() != null) {
                Matcher m = NUMERIC.matcher(t.getMessage().replaceFirst("^.*?Received error: ", ""));
                if (m.matches()) {
                    return numeric(Integer.parseInt(m.group(1)), m.group(2));
                }
            }
        }
        if (!wasRegistered && failure != null && !(failure instanceof java.io.IOException)) {
            // A server refusing a connection (ngircd's MaxConnectionsIP, a K-line) sends ERROR and closes at once;
            // when PircBotX's next write fails first, it reports "IO exception when sending line to server, is the
            // network still up?" (a RuntimeException around the IOException) as a failed connect attempt.
            for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
                if (t instanceof java.io.IOException io) {
                    return new LinkFailure(CONNECT_FAILED, CLOSED_BEFORE_REGISTRATION + " (" + io.getMessage() + "); "
                            + LIMIT_HINT);
                }
            }
        }
        String message = failure == null ? "connection closed" : String.valueOf(deepestMessage(failure));
        return new LinkFailure(wasRegistered ? CONNECTION_LOST : CONNECT_FAILED, message);
    }

    /** A numeric reply refusing the registration, e.g. {@code 464 * :Password incorrect}. */
    static LinkFailure numeric(int numeric, String params) {
        String text = params.contains(" :") ? params.substring(params.indexOf(" :") + 2) : params;
        String why = numeric + " " + text;
        return switch (numeric) {
            case 464 -> new LinkFailure(BAD_PASSWORD, "server password refused (" + why + ")");
            case 902, 904, 905, 906 -> new LinkFailure(SASL_FAILED, "SASL PLAIN refused (" + why + ")");
            case 908 -> new LinkFailure(SASL_UNAVAILABLE, "the server offers no SASL PLAIN (" + why + ")");
            default -> new LinkFailure(REGISTRATION_REFUSED, "registration refused (" + why + ")");
        };
    }

    /**
     * The server's {@code ERROR :text} (it closes the link after it). Before registration with a server password
     * sent, a text naming the password (ngircd: {@code Access denied: Bad password?}) is {@link #BAD_PASSWORD}.
     */
    static final String CLOSED_BEFORE_REGISTRATION = "the server closed the connection before registration";
    static final String LIMIT_HINT = "servers limit connections per address (ngircd: MaxConnectionsIP, default 5)";

    static LinkFailure serverError(String errorLine, boolean registered, boolean passwordSent) {
        String text = errorLine.replaceFirst("^(?i)ERROR\\s*:?", "").strip();
        if (!registered && passwordSent && text.toLowerCase(java.util.Locale.ROOT).contains("password")) {
            return new LinkFailure(BAD_PASSWORD, "server password refused: " + text);
        }
        if (!registered) {
            return new LinkFailure(REGISTRATION_REFUSED, CLOSED_BEFORE_REGISTRATION + ": " + text
                    + (text.toLowerCase(java.util.Locale.ROOT).contains("too many") ? "; " + LIMIT_HINT : ""));
        }
        return new LinkFailure(CONNECTION_LOST, "server closed the link: " + text);
    }

    static LinkFailure registrationTimeout(Duration timeout) {
        return new LinkFailure(REGISTRATION_TIMEOUT, "registration did not complete within " + timeout.toMillis()
                + " ms (register.timeout)");
    }

    /** True for failures that retrying will not cure without a configuration change (logged as warnings). */
    boolean isConfiguration() {
        return code.equals(TLS_FAILED) || code.equals(BAD_PASSWORD) || code.equals(SASL_UNAVAILABLE)
                || code.equals(SASL_FAILED);
    }
}
