package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.orbited.node.plugin.ChannelClaims;
import org.orbited.node.plugin.PolicyRegistry;
import org.orbited.node.plugin.SecurityPolicies;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.SecurityPolicy.Decision;

/**
 * Who may handshake, subscribe and publish: the built-in rules (reserved bridge namespaces nobody claims,
 * {@link ChannelClaims}; {@code [bayeux] read_only} channels; meta
 * channels are refused earlier by {@link BayeuxValidation}), then the policies of the {@link PolicyRegistry}
 * (class-path ones, then plugins' scoped ones while their plugin is started). A refusal is the failure to answer
 * with, from {@link BayeuxError}. A policy that throws denies (see {@link SecurityPolicies#ask}).
 *
 * <p><b>Threads.</b> Policies are asked only inside {@link #asPolicyTask}, which {@link BayeuxServer} wraps around
 * every request it runs on the policy executor; a request processed on its I/O thread (no policy was in force when
 * it arrived) is decided by the built-in rules alone, so a scoped policy that comes into force meanwhile never
 * runs on an I/O thread. Thread-safe.
 */
final class ChannelAccess {
    private static final ThreadLocal<Boolean> POLICY_TASK = new ThreadLocal<>();

    private final List<ChannelId> readOnly;
    private final PolicyRegistry policy;

    /** @param policy the policies asked after the built-in rules */
    ChannelAccess(List<String> readOnlyChannels, PolicyRegistry policy) {
        this.readOnly = readOnlyChannels.stream().map(ChannelId::parse).toList();
        this.policy = policy;
    }

    /** Runs {@code task} (on the policy executor) with the policies in force. */
    static void asPolicyTask(Runnable task) {
        POLICY_TASK.set(Boolean.TRUE);
        try {
            task.run();
        } finally {
            POLICY_TASK.remove();
        }
    }

    /** Empty when a handshake with extension {@code ext} from {@code req} may go ahead. */
    Optional<BayeuxFailure> handshake(JsonNode ext, BayeuxRequest req) {
        Decision d = ask(() -> policy.canHandshake(new SecurityPolicy.HandshakeInfo(
                ext == null ? null : ext.toString(), req.remoteAddress(), req.origin())));
        return d.allowed() ? Optional.empty() : Optional.of(BayeuxError.HANDSHAKE_DENIED.failure());
    }

    /** Empty when {@code clientId} may subscribe to {@code channel} (a name or a pattern). */
    Optional<BayeuxFailure> subscribe(String clientId, ChannelId channel) {
        if (!policy.claims().allows(channel)) {
            return Optional.of(BayeuxError.SUBSCRIBE_DENIED.failure(ChannelClaims.REFUSAL));
        }
        Decision d = ask(() -> policy.canSubscribe(clientId, channel.name()));
        return d.allowed() ? Optional.empty() : Optional.of(BayeuxError.SUBSCRIBE_DENIED.failure(d.reason()));
    }

    /**
     * Empty when {@code clientId} may publish {@code data} (the message's {@code data}, passed to the policies'
     * {@link SecurityPolicy#canPublish(String, String, JsonNode)}) to {@code channel}.
     */
    Optional<BayeuxFailure> publish(String clientId, ChannelId channel, JsonNode data) {
        if (!policy.claims().allows(channel)) {
            return Optional.of(BayeuxError.PUBLISH_DENIED.failure(ChannelClaims.REFUSAL));
        }
        for (ChannelId ro : readOnly) {
            if (ro.equals(channel) || (ro.isWildcard() && ro.matches(channel))) {
                return Optional.of(BayeuxError.PUBLISH_DENIED.failure("read_only"));
            }
        }
        Decision d = ask(() -> policy.canPublish(clientId, channel.name(), data));
        return d.allowed() ? Optional.empty() : Optional.of(BayeuxError.PUBLISH_DENIED.failure(d.reason()));
    }

    private Decision ask(Supplier<Decision> question) {
        return POLICY_TASK.get() == null ? Decision.ALLOW : SecurityPolicies.ask(policy, p -> question.get());
    }
}
