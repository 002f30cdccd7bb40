package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.orbited.plugin.ChannelId;

/**
 * Field checks for request messages (reference sections 1.2, 1.3, 3 and 8), each answering with a catalogued
 * {@link BayeuxFailure} or nothing. They check only what a message says; whether a clientId names a live session
 * is the core's question (its answer is {@link BayeuxError#SESSION_UNKNOWN} too).
 *
 * <p>Order of checks, as CometD's {@code validateMessageFields} (always on here): {@code channel} present and a
 * string, {@code id} valid, then the per-channel rules.
 */
public final class BayeuxValidation {

    /** Longest accepted message {@code id} (decision in section 1.2). */
    public static final int MAX_ID_LENGTH = 64;

    private BayeuxValidation() {
    }

    /** The checks every message gets: {@code 400::channel_missing}, {@code 405::message_id_invalid}. */
    public static Optional<BayeuxFailure> checkCommonFields(BayeuxMessage m) {
        JsonNode channel = m.field(BayeuxMessage.CHANNEL).orElse(null);
        if (channel == null || channel.isNull()) {
            return Optional.of(BayeuxError.CHANNEL_MISSING.failure());
        }
        if (!channel.isTextual()) {
            return Optional.of(BayeuxError.CHANNEL_INVALID.failure());
        }
        JsonNode id = m.field(BayeuxMessage.ID).orElse(null);
        if (id != null && !(id.isTextual() && isValidId(id.textValue()))) {
            return Optional.of(BayeuxError.MESSAGE_ID_INVALID.failure());
        }
        return Optional.empty();
    }

    /** An {@code id} is 1 to {@link #MAX_ID_LENGTH} ASCII letters and digits; a JSON number is not an id. */
    public static boolean isValidId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_ID_LENGTH && isAlphanumeric(id);
    }

    static boolean isAlphanumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a handshake: a {@code 1.x} version ({@code 300::version_unsupported}, ours) and a connection type in
     * common with {@code served} ({@code 301::connection_type_unsupported}). Returns the first common type in
     * the client's order of preference.
     */
    public static Result<String> checkHandshake(BayeuxMessage m, Collection<String> served) {
        Optional<BayeuxFailure> common = checkCommonFields(m);
        if (common.isPresent()) {
            return Result.failed(common.get());
        }
        String version = m.version().orElse("");
        if (!(version.equals("1") || version.startsWith("1."))) {
            return Result.failed(BayeuxError.VERSION_UNSUPPORTED.failure());
        }
        for (String offered : m.supportedConnectionTypes()) {
            if (served.contains(offered)) {
                return Result.ok(offered);
            }
        }
        return Result.failed(BayeuxError.CONNECTION_TYPE_UNSUPPORTED.failure());
    }

    /**
     * Checks a publish (section 3): a concrete channel ({@code 405::channel_invalid}), a {@code clientId}
     * ({@code 402::session_unknown}), not {@code /meta/...}
     * ({@code 403:denied_by_security_policy:publish_denied}), and {@code data} ({@code 400::data_missing}).
     */
    public static Result<ChannelId> checkPublish(BayeuxMessage m) {
        Optional<BayeuxFailure> common = checkCommonFields(m);
        if (common.isPresent()) {
            return Result.failed(common.get());
        }
        Optional<ChannelId> channel = ChannelId.tryParse(m.channel().orElseThrow());
        if (channel.isEmpty() || channel.get().isWildcard()) {
            return Result.failed(BayeuxError.CHANNEL_INVALID.failure());
        }
        if (m.clientId().isEmpty()) {
            return Result.failed(BayeuxError.SESSION_UNKNOWN.failure());
        }
        if (channel.get().isMeta()) {
            return Result.failed(BayeuxError.PUBLISH_DENIED.failure(BayeuxError.DENIED_BY_SECURITY_POLICY));
        }
        if (!m.fields().containsKey(BayeuxMessage.DATA)) {
            return Result.failed(BayeuxError.DATA_MISSING.failure());
        }
        return Result.ok(channel.get());
    }

    /**
     * Checks a {@code /meta/subscribe}: a clientId, a {@code subscription} string or non-empty array of strings
     * ({@code 403::subscription_missing}), each a valid channel or final-wildcard pattern
     * ({@code 403::subscription_invalid}), none under {@code /meta/}
     * ({@code 403:denied_by_security_policy:subscribe_denied}). All or nothing (section 3).
     */
    public static Result<List<ChannelId>> checkSubscribe(BayeuxMessage m) {
        return checkSubscription(m, true);
    }

    /** As {@link #checkSubscribe} but a {@code /meta/} name is no error: unknown unsubscribes succeed. */
    public static Result<List<ChannelId>> checkUnsubscribe(BayeuxMessage m) {
        return checkSubscription(m, false);
    }

    private static Result<List<ChannelId>> checkSubscription(BayeuxMessage m, boolean subscribe) {
        Optional<BayeuxFailure> common = checkCommonFields(m);
        if (common.isPresent()) {
            return Result.failed(common.get());
        }
        if (m.clientId().isEmpty()) {
            return Result.failed(BayeuxError.SESSION_UNKNOWN.failure());
        }
        JsonNode sub = m.field(BayeuxMessage.SUBSCRIPTION).orElse(null);
        if (sub == null || sub.isNull() || (sub.isArray() && sub.isEmpty())) {
            return Result.failed(BayeuxError.SUBSCRIPTION_MISSING.failure());
        }
        if (!sub.isTextual() && !sub.isArray()) {
            return Result.failed(BayeuxError.SUBSCRIPTION_INVALID.failure());
        }
        List<ChannelId> ids = new ArrayList<>();
        for (JsonNode e : sub.isArray() ? sub : List.of(sub)) {
            Optional<ChannelId> id = e.isTextual() ? ChannelId.tryParse(e.textValue()) : Optional.empty();
            if (id.isEmpty()) {
                return Result.failed(BayeuxError.SUBSCRIPTION_INVALID.failure());
            }
            if (subscribe && id.get().isMeta()) {
                return Result.failed(BayeuxError.SUBSCRIBE_DENIED.failure(BayeuxError.DENIED_BY_SECURITY_POLICY));
            }
            ids.add(id.get());
        }
        return Result.ok(List.copyOf(ids));
    }

    /** Checks a {@code /meta/connect} or {@code /meta/disconnect} for a clientId ({@code 402::session_unknown}). */
    public static Optional<BayeuxFailure> checkSessionRequest(BayeuxMessage m) {
        Optional<BayeuxFailure> common = checkCommonFields(m);
        if (common.isPresent()) {
            return common;
        }
        return m.clientId().isEmpty() ? Optional.of(BayeuxError.SESSION_UNKNOWN.failure()) : Optional.empty();
    }

    /** A checked value or the failure to answer with. */
    public static final class Result<T> {
        private final T value;
        private final BayeuxFailure failure;

        private Result(T value, BayeuxFailure failure) {
            this.value = value;
            this.failure = failure;
        }

        static <T> Result<T> ok(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> failed(BayeuxFailure failure) {
            return new Result<>(null, failure);
        }

        public boolean isOk() {
            return failure == null;
        }

        /** @throws IllegalStateException when the check failed */
        public T value() {
            if (failure != null) {
                throw new IllegalStateException("check failed: " + failure.wire());
            }
            return value;
        }

        public Optional<BayeuxFailure> failure() {
            return Optional.ofNullable(failure);
        }

        @Override
        public String toString() {
            return failure == null ? "ok(" + value + ")" : "failed(" + failure + ")";
        }
    }
}
