package org.orbited.bridge.common.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Predicate;
import org.orbited.bridge.common.BridgeCodes;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.SecurityPolicy;

/**
 * Mirror mode's scoped policy (added next to the bridge's own policy).
 *
 * <ul>
 * <li>A publication to a mirrored channel whose serialized data is over {@code mirror.max_bytes} is denied with
 *     {@code <prefix>_mirror_too_large} ({@code 403:irc_mirror_too_large:publish_denied}): nobody, here or
 *     elsewhere, gets it.
 * <li>A subscription or publication to a concrete channel under the bridge's root ({@code /irc/<net>/},
 *     {@code /xmpp/<muc>/}) that names a carrier ({@code isCarrier}: its name starts with {@code mirror.prefix}) is
 *     denied with {@code <prefix>_mirror_channel}, even when the allowlist matches it: carriers carry signed frames,
 *     never a conversation for browsers.
 * </ul>
 * Everything else is allowed (other policies decide). Runs on the node's policy executor; {@code isCarrier} must
 * be thread-safe; the routes are immutable.
 */
public final class MirrorPolicy implements SecurityPolicy {
    private final String root;
    private final Predicate<ChannelId> isCarrier;
    private final MirrorRoutes routes;
    private final int maxBytes;
    private final String tooLarge;
    private final String mirrorChannel;

    /**
     * @param root      the bridge section's Bayeux prefix, e.g. {@code /irc/local/} (with the trailing slash)
     * @param isCarrier whether a concrete channel under {@code root} is the Bayeux name of a carrier (false for one
     *                  the bridge's mapping refuses: its own policy answers that)
     * @param routes    the mirrored patterns
     * @param maxBytes  {@code mirror.max_bytes}
     * @param codes     the bridge's codes ({@code mirror_too_large}, {@code mirror_channel})
     */
    public MirrorPolicy(String root, Predicate<ChannelId> isCarrier, MirrorRoutes routes, int maxBytes,
                        BridgeCodes codes) {
        this.root = Objects.requireNonNull(root, "root");
        this.isCarrier = Objects.requireNonNull(isCarrier, "isCarrier");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.maxBytes = maxBytes;
        this.tooLarge = codes.of("mirror_too_large");
        this.mirrorChannel = codes.of("mirror_channel");
    }

    /** The denial of an oversized publication: {@code <prefix>_mirror_too_large}. */
    public String tooLargeCode() {
        return tooLarge;
    }

    /** The denial of a carrier's Bayeux name: {@code <prefix>_mirror_channel}. */
    public String mirrorChannelCode() {
        return mirrorChannel;
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
            return MirrorCodec.size(data) > maxBytes ? Decision.deny(tooLarge) : Decision.ALLOW;
        } catch (IllegalArgumentException unserializable) {
            return Decision.deny(tooLarge);
        }
    }

    private Decision byName(String name) {
        if (!name.startsWith(root)) {
            return Decision.ALLOW;
        }
        ChannelId id = ChannelId.tryParse(name).orElse(null);
        if (id == null || id.isWildcard()) {
            return Decision.ALLOW;
        }
        return isCarrier.test(id) ? Decision.deny(mirrorChannel) : Decision.ALLOW;
    }
}
