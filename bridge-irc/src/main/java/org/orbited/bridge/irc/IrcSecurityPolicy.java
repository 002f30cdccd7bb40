package org.orbited.bridge.irc;

import java.util.function.Supplier;
import org.orbited.bridge.common.BridgePolicy;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.SayService;
import org.orbited.plugin.BridgeChannelNames;

/**
 * The bridge's scoped policy (added with {@code context.addSecurityPolicy}): bridge-common's {@link BridgePolicy}
 * with IRC's channel mapping.
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
final class IrcSecurityPolicy {
    private IrcSecurityPolicy() {
    }

    /** The policy of {@code options}' network: a {@link BridgePolicy} over {@code /irc/<network>/}. */
    static BridgePolicy create(IrcOptions options, Supplier<ChannelMapping> mapping, ChannelLimits limits) {
        String prefix = "/" + BridgeChannelNames.IRC_ROOT + "/" + BridgeChannelNames.escape(options.network()) + "/";
        return new BridgePolicy(prefix, IrcCodes.CODES, ChannelRefusedException.Refusal.NOT_AN_IRC_CHANNEL.code(),
                id -> {
                    try {
                        ChannelMapping m = mapping.get();
                        return m.fold(m.toIrc(id));
                    } catch (ChannelRefusedException e) {
                        throw new Refused(e.refusal().code(), e.getMessage());
                    }
                }, limits);
    }
}
