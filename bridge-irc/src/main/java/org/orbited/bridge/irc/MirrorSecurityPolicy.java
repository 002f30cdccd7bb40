package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.SecurityPolicy;

/**
 * Mirror mode's scoped policy (added next to {@link IrcSecurityPolicy}).
 *
 * <ul>
 * <li>A publication to a mirrored channel whose serialized data is over {@code mirror.max_bytes} is denied with
 *     {@value #TOO_LARGE} ({@code 403:irc_mirror_too_large:publish_denied}): nobody, here or elsewhere, gets it.
 * <li>A subscription or publication to {@code /irc/<network>/<channel>} where the IRC channel starts with
 *     {@code mirror.prefix} is denied with {@value #MIRROR_CHANNEL}, even when the allowlist ({@code #*}) matches it:
 *     mirror channels carry signed frames, never a conversation for browsers.
 * </ul>
 * Everything else is allowed (other policies decide). Runs on the node's policy executor; reads only immutable
 * routes and the current mapping.
 */
final class MirrorSecurityPolicy implements SecurityPolicy {
    static final String TOO_LARGE = "irc_mirror_too_large";
    static final String MIRROR_CHANNEL = "irc_mirror_channel";

    private final MirrorOptions mirror;
    private final MirrorRoutes routes;
    private final Supplier<ChannelMapping> mapping;
    private final String prefix;

    MirrorSecurityPolicy(IrcOptions options, MirrorRoutes routes, Supplier<ChannelMapping> mapping) {
        this.mirror = options.mirror();
        this.routes = routes;
        this.mapping = mapping;
        this.prefix = "/" + BridgeChannelNames.IRC_ROOT + "/" + BridgeChannelNames.escape(options.network()) + "/";
    }

    @Override
    public Decision canSubscribe(String clientId, String channelOrPattern) {
        return byName(channelOrPattern);
    }

    @Override
    public Decision canPublish(String clientId, String channel) {
        return byName(channel);
    }

    @Override
    public Decision canPublish(String clientId, String channel, JsonNode data) {
        Decision byName = byName(channel);
        if (!byName.allowed() || routes.route(channel) == null) {
            return byName;
        }
        try {
            return MirrorCodec.size(data) > mirror.maxBytes() ? Decision.deny(TOO_LARGE) : Decision.ALLOW;
        } catch (IllegalArgumentException unserializable) {
            return Decision.deny(TOO_LARGE);
        }
    }

    private Decision byName(String name) {
        if (!name.startsWith(prefix)) {
            return Decision.ALLOW;
        }
        ChannelId id = ChannelId.tryParse(name).orElse(null);
        if (id == null || id.isWildcard()) {
            return Decision.ALLOW;
        }
        ChannelMapping m = mapping.get();
        try {
            String irc = m.toIrc(id);
            return m.fold(irc).startsWith(m.fold(mirror.prefix())) ? Decision.deny(MIRROR_CHANNEL) : Decision.ALLOW;
        } catch (ChannelRefusedException refused) {
            return Decision.ALLOW;  // IrcSecurityPolicy refuses it with its own code
        }
    }
}
