package org.orbited.bridge.irc;

import java.util.function.Supplier;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.SecurityPolicy;

/**
 * The bridge's scoped policy (added with {@code context.addSecurityPolicy}): a browser may subscribe or publish to a
 * concrete {@code /irc/<this network>/<channel>} only when {@link ChannelMapping#toIrc} accepts it, else it is denied
 * with the refusal's code ({@code irc_channel_not_allowed}, {@code irc_not_canonical}, ...; the Bayeux error reads
 * containing {@code irc_channel_not_allowed}). Patterns under the network ({@code /irc/net/*}) may be subscribed:
 * they only ever carry events of allowed channels. Channels of other networks and outside {@code /irc/} are left to
 * others. Runs on the node's policy executor; reads an immutable mapping, never blocks.
 */
final class IrcSecurityPolicy implements SecurityPolicy {
    private final String prefix;
    private final Supplier<ChannelMapping> mapping;

    IrcSecurityPolicy(String network, Supplier<ChannelMapping> mapping) {
        this.prefix = "/" + BridgeChannelNames.IRC_ROOT + "/" + BridgeChannelNames.escape(network) + "/";
        this.mapping = mapping;
    }

    @Override
    public Decision canSubscribe(String clientId, String channelOrPattern) {
        return decide(channelOrPattern);
    }

    @Override
    public Decision canPublish(String clientId, String channel) {
        return decide(channel);
    }

    private Decision decide(String name) {
        if (!name.startsWith(prefix)) {
            return Decision.ALLOW;
        }
        ChannelId id = ChannelId.tryParse(name).orElse(null);
        if (id == null) {
            return Decision.deny(ChannelRefusedException.Refusal.NOT_AN_IRC_CHANNEL.code());
        }
        if (id.isWildcard() && id.depth() == 3) {
            return Decision.ALLOW;
        }
        try {
            mapping.get().toIrc(id);
            return Decision.ALLOW;
        } catch (ChannelRefusedException e) {
            return Decision.deny(e.refusal().code());
        }
    }
}
