package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.SecurityPolicy;

/**
 * The bridge's scoped policy (added with {@code context.addSecurityPolicy}).
 *
 * <p><b>Subscribe.</b> A browser may subscribe to a concrete {@code /irc/<this network>/<channel>} only when
 * {@link ChannelMapping#toIrc} accepts it, else it is denied with the refusal's code ({@code irc_channel_not_allowed},
 * {@code irc_not_canonical}, ...; the Bayeux error reads {@code 403:irc_channel_not_allowed:...}), and only when the
 * channel fits the {@link ChannelLimits} ({@code irc_too_many_channels}: the bridge, or this client's personal
 * connection, would need one channel more than {@code join.max}). Patterns under the network ({@code /irc/net/*})
 * may be subscribed: they only ever carry events of allowed channels and need no JOIN.
 *
 * <p><b>Publish.</b> Every client publish to a channel of this network is denied with {@code irc_use_say_service}:
 * browsers speak through the {@code say} service ({@link SayService}), and only the bridge publishes on IRC
 * channels, so no browser can put an event with a forged {@code type} or {@code sender} in front of others. Channels
 * of other networks and outside {@code /irc/} are left to others.
 *
 * <p>Runs on the node's policy executor; reads an immutable mapping and the thread-safe limits; keeps nothing.
 */
final class IrcSecurityPolicy implements SecurityPolicy {
    /** The denial of every client publish on this network's channels. */
    static final String USE_SAY_SERVICE = "irc_use_say_service";

    private final String prefix;
    private final Supplier<ChannelMapping> mapping;
    private final ChannelLimits limits;

    IrcSecurityPolicy(IrcOptions options, Supplier<ChannelMapping> mapping, ChannelLimits limits) {
        this.prefix = "/" + BridgeChannelNames.IRC_ROOT + "/" + BridgeChannelNames.escape(options.network()) + "/";
        this.mapping = mapping;
        this.limits = limits;
    }

    @Override
    public Decision canSubscribe(String clientId, String channelOrPattern) {
        if (!channelOrPattern.startsWith(prefix)) {
            return Decision.ALLOW;
        }
        ChannelId id = ChannelId.tryParse(channelOrPattern).orElse(null);
        if (id == null) {
            return Decision.deny(ChannelRefusedException.Refusal.NOT_AN_IRC_CHANNEL.code());
        }
        if (id.isWildcard() && id.depth() == 3) {
            return Decision.ALLOW;
        }
        try {
            ChannelMapping m = mapping.get();
            String irc = m.toIrc(id);
            return limits.refusal(clientId, m.fold(irc)) == null ? Decision.ALLOW
                    : Decision.deny("irc_too_many_channels");
        } catch (ChannelRefusedException e) {
            return Decision.deny(e.refusal().code());
        }
    }

    @Override
    public Decision canPublish(String clientId, String channel) {
        return channel.startsWith(prefix) ? Decision.deny(USE_SAY_SERVICE) : Decision.ALLOW;
    }

    @Override
    public Decision canPublish(String clientId, String channel, JsonNode data) {
        return canPublish(clientId, channel);
    }
}
