package org.orbited.bridge.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.SecurityPolicy;

/**
 * A bridge section's scoped security policy (added with {@code context.addSecurityPolicy}) over the Bayeux channels
 * under {@code prefix} ({@code /irc/<net>/}, {@code /xmpp/<muc>/}).
 *
 * <p><b>Subscribe.</b> A browser may subscribe to a concrete channel under the prefix only when the bridge's
 * {@link Resolver} accepts it (else denied with the refusal's code; the Bayeux error reads
 * {@code 403:<code>:...}), and only when the channel fits the {@link ChannelLimits} ({@link ChannelLimits#code()}).
 * A name under the prefix that is no channel id at all is denied with {@code notAChannelCode}. The pattern of the
 * whole section ({@code <prefix>*}) may be subscribed: it only ever carries events of allowed channels and needs no
 * join. Channels outside the prefix are left to others.
 *
 * <p><b>Publish.</b> Every client publish under the prefix is denied with {@code <p>_use_say_service}: browsers
 * speak through the {@code say} service ({@link SayService}), and only the bridge publishes on bridged channels, so
 * no browser can put an event with a forged {@code type} or {@code sender} in front of others.
 *
 * <p>Runs on the node's policy executor: the resolver and the limits must be thread-safe; keeps nothing.
 */
public final class BridgePolicy implements SecurityPolicy {
    /** Maps a concrete channel id under the prefix to the bridge's folded channel key, or refuses it. */
    @FunctionalInterface
    public interface Resolver {
        /**
         * @return the folded key the {@link ChannelLimits} count
         * @throws Refused when the channel is not the canonical name of an allowed channel
         */
        String key(ChannelId id) throws Refused;
    }

    private final String prefix;
    private final int patternDepth;
    private final String notAChannelCode;
    private final String useSayService;
    private final Resolver resolver;
    private final ChannelLimits limits;

    /**
     * @param prefix          e.g. {@code /irc/local/} (with the trailing slash)
     * @param codes           the bridge's codes ({@code use_say_service})
     * @param notAChannelCode the denial of a name under the prefix that is not a channel id
     * @param resolver        checks and folds a concrete channel
     * @param limits          how many channels a client and the bridge may need
     */
    public BridgePolicy(String prefix, BridgeCodes codes, String notAChannelCode, Resolver resolver,
                        ChannelLimits limits) {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must start and end with '/': " + prefix);
        }
        this.prefix = prefix;
        this.patternDepth = (int) prefix.chars().filter(c -> c == '/').count();
        this.notAChannelCode = Objects.requireNonNull(notAChannelCode, "notAChannelCode");
        this.useSayService = codes.of("use_say_service");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public Decision canSubscribe(String clientId, String channelOrPattern) {
        if (!channelOrPattern.startsWith(prefix)) {
            return Decision.ALLOW;
        }
        ChannelId id = ChannelId.tryParse(channelOrPattern).orElse(null);
        if (id == null) {
            return Decision.deny(notAChannelCode);
        }
        if (id.isWildcard() && id.depth() == patternDepth) {
            return Decision.ALLOW;
        }
        try {
            return limits.refusal(clientId, resolver.key(id)) == null ? Decision.ALLOW : Decision.deny(limits.code());
        } catch (Refused e) {
            return Decision.deny(e.code());
        }
    }

    @Override
    public Decision canPublish(String clientId, String channel) {
        return channel.startsWith(prefix) ? Decision.deny(useSayService) : Decision.ALLOW;
    }

    @Override
    public Decision canPublish(String clientId, String channel, JsonNode data) {
        return canPublish(clientId, channel);
    }
}
