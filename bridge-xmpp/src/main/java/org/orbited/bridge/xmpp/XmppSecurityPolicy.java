package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.JsonNode;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.bridge.common.Refused;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.SecurityPolicy;

/**
 * The bridge's scoped policy (added with {@code context.addSecurityPolicy}), the sibling of IRC's.
 *
 * <p><b>Subscribe.</b> A browser may subscribe to a concrete {@code /xmpp/<this muc>/<room>} only when
 * {@link RoomMapping#toRoom} accepts it, else it is denied with the refusal's code ({@code xmpp_channel_not_allowed},
 * {@code xmpp_not_canonical}, ...: the Bayeux error reads {@code 403:xmpp_channel_not_allowed:...}), and only when
 * the room fits the {@link ChannelLimits} ({@code xmpp_too_many_channels}). The pattern {@code /xmpp/<muc>/*} may be
 * subscribed: it only carries events of allowed rooms and needs no join.
 *
 * <p><b>Publish.</b> Every client publish to a channel of this service is denied with {@link #USE_SAY_SERVICE}:
 * browsers speak through the {@code say} service, and only the bridge publishes on room channels, so no browser can
 * put an event with a forged {@code type} or {@code sender} in front of others.
 *
 * <p>Runs on the node's policy executor; reads the immutable mapping and the thread-safe limits; keeps nothing.
 */
final class XmppSecurityPolicy implements SecurityPolicy {
    /** The denial of every client publish on this service's room channels. */
    static final String USE_SAY_SERVICE = "xmpp_use_say_service";

    private final RoomMapping mapping;
    private final ChannelLimits limits;

    XmppSecurityPolicy(RoomMapping mapping, ChannelLimits limits) {
        this.mapping = mapping;
        this.limits = limits;
    }

    @Override
    public Decision canSubscribe(String clientId, String channelOrPattern) {
        if (!channelOrPattern.startsWith(mapping.channelPrefix())) {
            return Decision.ALLOW;
        }
        ChannelId id = ChannelId.tryParse(channelOrPattern).orElse(null);
        if (id == null) {
            return Decision.deny(RoomMapping.NOT_A_ROOM);
        }
        if (id.isWildcard() && id.depth() == 3) {
            return Decision.ALLOW;
        }
        try {
            String room = mapping.toRoom(id);
            return limits.refusal(clientId, room) == null ? Decision.ALLOW : Decision.deny("xmpp_too_many_channels");
        } catch (Refused e) {
            return Decision.deny(e.code());
        }
    }

    @Override
    public Decision canPublish(String clientId, String channel) {
        return channel.startsWith(mapping.channelPrefix()) ? Decision.deny(USE_SAY_SERVICE) : Decision.ALLOW;
    }

    @Override
    public Decision canPublish(String clientId, String channel, JsonNode data) {
        return canPublish(clientId, channel);
    }
}
