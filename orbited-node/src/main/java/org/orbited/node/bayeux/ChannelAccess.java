package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.orbited.node.plugin.SecurityPolicies;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.SecurityPolicy.Decision;

/**
 * Who may handshake, subscribe and publish: the built-in rules ({@code [bayeux] read_only} channels; meta
 * channels are refused earlier by {@link BayeuxValidation}), then the plugin {@link SecurityPolicy}, if any.
 * A refusal is the failure to answer with, from {@link BayeuxError}. A policy that throws denies (see
 * {@link SecurityPolicies#ask}). Runs on the caller's thread, which is the policy executor whenever a policy is
 * installed (never an I/O thread). Thread-safe.
 */
final class ChannelAccess {
    private final List<ChannelId> readOnly;
    private final SecurityPolicy policy;

    /** @param policy a plugin policy asked after the built-in rules, or null */
    ChannelAccess(List<String> readOnlyChannels, SecurityPolicy policy) {
        this.readOnly = readOnlyChannels.stream().map(ChannelId::parse).toList();
        this.policy = policy;
    }

    boolean hasPolicy() {
        return policy != null;
    }

    /** Empty when a handshake with extension {@code ext} from {@code req} may go ahead. */
    Optional<BayeuxFailure> handshake(JsonNode ext, BayeuxRequest req) {
        Decision d = ask(() -> policy.canHandshake(new SecurityPolicy.HandshakeInfo(
                ext == null ? null : ext.toString(), req.remoteAddress(), req.origin())));
        return d.allowed() ? Optional.empty() : Optional.of(BayeuxError.HANDSHAKE_DENIED.failure());
    }

    /** Empty when {@code clientId} may subscribe to {@code channel} (a name or a pattern). */
    Optional<BayeuxFailure> subscribe(String clientId, ChannelId channel) {
        Decision d = ask(() -> policy.canSubscribe(clientId, channel.name()));
        return d.allowed() ? Optional.empty() : Optional.of(BayeuxError.SUBSCRIBE_DENIED.failure(d.reason()));
    }

    /** Empty when {@code clientId} may publish to {@code channel}. */
    Optional<BayeuxFailure> publish(String clientId, ChannelId channel) {
        for (ChannelId ro : readOnly) {
            if (ro.equals(channel) || (ro.isWildcard() && ro.matches(channel))) {
                return Optional.of(BayeuxError.PUBLISH_DENIED.failure("read_only"));
            }
        }
        Decision d = ask(() -> policy.canPublish(clientId, channel.name()));
        return d.allowed() ? Optional.empty() : Optional.of(BayeuxError.PUBLISH_DENIED.failure(d.reason()));
    }

    private Decision ask(Supplier<Decision> question) {
        return policy == null ? Decision.ALLOW : SecurityPolicies.ask(policy, p -> question.get());
    }
}
