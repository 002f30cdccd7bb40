package org.orbited.node.bayeux;

import java.util.Optional;

/**
 * The one catalog of Bayeux error strings this server emits (reference section 8), with the advice that goes
 * with each. Every error string on the wire comes from here; no other class writes one inline.
 *
 * <p>Wire form: {@code code "::" message}, or {@code code ":" args ":" message} for the entries that carry a
 * reason ({@link #requiresReason()}). The strings are CometD 8.0.9's, because CometD's clients match on them;
 * the entries marked "ours" have no CometD counterpart. Clients act on the advice, not on the code.
 *
 * <p>Advice is sent only on {@code /meta/handshake} and {@code /meta/connect} replies: subscribe, unsubscribe,
 * publish and disconnect replies carry none, even on errors, and the next connect gets it (section 2). Hence
 * {@link #adviceOn(String)}.
 */
public enum BayeuxError {

    /** Unknown or expired clientId, or a request without one. On a connect: re-handshake at once. */
    SESSION_UNKNOWN(402, "session_unknown", false,
            Advice.reconnect(Advice.Reconnect.HANDSHAKE).withInterval(0), true),
    /** Subscribe or unsubscribe without {@code subscription}. */
    SUBSCRIPTION_MISSING(403, "subscription_missing", false, null, false),
    /** Subscribe refused; for {@code /meta/...} the reason is {@link #DENIED_BY_SECURITY_POLICY}. */
    SUBSCRIBE_DENIED(403, "subscribe_denied", true, null, false),
    /** A subscription that is not a valid channel or pattern (including mid-path wildcards). */
    SUBSCRIPTION_INVALID(403, "subscription_invalid", false, null, false),
    /** A publish to an invalid channel name or to a pattern. */
    CHANNEL_INVALID(405, "channel_invalid", false, null, false),
    /** A message without {@code channel}. */
    CHANNEL_MISSING(400, "channel_missing", false, null, false),
    /** An {@code id} that is not 1 to 64 ASCII letters and digits. */
    MESSAGE_ID_INVALID(405, "message_id_invalid", false, null, false),
    /** Handshake without a connection type in common (ours; CometD accepts such a handshake). */
    CONNECTION_TYPE_UNSUPPORTED(301, "connection_type_unsupported", false,
            Advice.reconnect(Advice.Reconnect.HANDSHAKE), false),
    /**
     * Handshake without a {@code 1.x} version (ours: section 3 makes {@code version} a MUST and section 1.2
     * accepts any {@code 1.x}, but section 8 names no string; 300 is the version code of Faye's table).
     */
    VERSION_UNSUPPORTED(300, "version_unsupported", false, Advice.reconnect(Advice.Reconnect.NONE), false),
    /** Handshake refused by the authentication hook: stop. */
    HANDSHAKE_DENIED(403, "handshake_denied", false, Advice.reconnect(Advice.Reconnect.NONE), false),
    /**
     * Handshake refused by the authenticator ({@code [auth]}), with its reason token from
     * {@link org.orbited.node.auth.AuthRefusal}, e.g. {@code 401:token_expired:authentication_failed}: stop (a client
     * that gets a new token handshakes again on its own). Ours: CometD leaves authentication to a SecurityPolicy,
     * which can only say {@link #HANDSHAKE_DENIED}.
     */
    AUTHENTICATION_FAILED(401, "authentication_failed", true, Advice.reconnect(Advice.Reconnect.NONE), false),
    /** Handshake failed inside the server: try again. */
    HANDSHAKE_FAILED(403, "handshake_failed", false, Advice.reconnect(Advice.Reconnect.HANDSHAKE), false),
    /** Publish refused; a client publish to {@code /meta/...} has reason {@link #DENIED_BY_SECURITY_POLICY}. */
    PUBLISH_DENIED(403, "publish_denied", true, null, false),
    /** Channel creation refused. */
    CREATE_DENIED(403, "create_denied", true, null, false),
    /** Unsubscribe refused. */
    UNSUBSCRIBE_FAILED(403, "unsubscribe_failed", false, null, false),
    /** A publish dropped by an extension or a bridge filter. */
    MESSAGE_DELETED(404, "message_deleted", false, null, false),
    /** A publish without {@code data} (ours). */
    DATA_MISSING(400, "data_missing", false, null, false);

    /** The reason CometD gives for touching {@code /meta/...} from a client. */
    public static final String DENIED_BY_SECURITY_POLICY = "denied_by_security_policy";

    private final int code;
    private final String message;
    private final boolean requiresReason;
    private final Advice advice;
    private final boolean adviceOnConnectOnly;

    BayeuxError(int code, String message, boolean requiresReason, Advice advice, boolean adviceOnConnectOnly) {
        this.code = code;
        this.message = message;
        this.requiresReason = requiresReason;
        this.advice = advice;
        this.adviceOnConnectOnly = adviceOnConnectOnly;
    }

    /** The three-digit code. */
    public int code() {
        return code;
    }

    /** The message part, after the last colon. */
    public String message() {
        return message;
    }

    /** True when the wire form carries a reason argument ({@code 403:<reason>:publish_denied}). */
    public boolean requiresReason() {
        return requiresReason;
    }

    /** The advice for this error on a reply that may carry advice, if any. */
    public Optional<Advice> advice() {
        return Optional.ofNullable(advice);
    }

    /**
     * The advice to put on a failed reply to {@code replyChannel}: only handshake and connect replies carry advice,
     * and {@link #SESSION_UNKNOWN} has advice only on a connect reply.
     */
    public Optional<Advice> adviceOn(String replyChannel) {
        boolean connect = "/meta/connect".equals(replyChannel);
        boolean handshake = "/meta/handshake".equals(replyChannel);
        if (advice == null || !(connect || handshake) || (adviceOnConnectOnly && !connect)) {
            return Optional.empty();
        }
        return Optional.of(advice);
    }

    /**
     * The wire string without arguments, {@code code::message}.
     *
     * @throws IllegalStateException when this entry needs a reason
     */
    public String wire() {
        if (requiresReason) {
            throw new IllegalStateException(name() + " needs a reason: use wire(reason)");
        }
        return code + "::" + message;
    }

    /**
     * The wire string with arguments, {@code code:arg1,arg2:message}. Arguments must be non-empty and hold neither
     * {@code :} nor {@code ,}, which would make the string ambiguous.
     *
     * @throws IllegalArgumentException naming the offending argument
     */
    public String wire(String... args) {
        if (args.length == 0) {
            return wire();
        }
        StringBuilder b = new StringBuilder().append(code).append(':');
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a == null || a.isEmpty() || a.indexOf(':') >= 0 || a.indexOf(',') >= 0) {
                throw new IllegalArgumentException(name() + ": error argument " + i + " '" + a
                        + "' must be non-empty without ':' or ','");
            }
            if (i > 0) {
                b.append(',');
            }
            b.append(a);
        }
        return b.append(':').append(message).toString();
    }

    /** This error as a failure to reply with, without arguments. */
    public BayeuxFailure failure() {
        return new BayeuxFailure(this, wire());
    }

    /** This error as a failure to reply with, with arguments (see {@link #wire(String...)}). */
    public BayeuxFailure failure(String... args) {
        return new BayeuxFailure(this, wire(args));
    }
}
