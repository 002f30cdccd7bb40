package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.ServerChannels;

/**
 * The bridge's scoped policy (added with {@code context.addSecurityPolicy}).
 *
 * <p><b>Channels.</b> A browser may subscribe or publish to a concrete {@code /irc/<this network>/<channel>} only
 * when {@link ChannelMapping#toIrc} accepts it, else it is denied with the refusal's code
 * ({@code irc_channel_not_allowed}, {@code irc_not_canonical}, ...; the Bayeux error reads
 * {@code 403:irc_channel_not_allowed:...}). Patterns under the network ({@code /irc/net/*}) may be subscribed: they
 * only ever carry events of allowed channels. Channels of other networks and outside {@code /irc/} are left to
 * others.
 *
 * <p><b>Data.</b> A publish to an allowed channel is also denied, with the relay's code, when
 * {@link RelayMessage#check} refuses it: data not {@code {"text": string}} ({@code irc_bad_data}), a bad
 * {@code name} ({@code irc_bad_name}), text with CR/LF/NUL, controls or lone surrogates, empty, or needing more
 * than {@link RelayMessage#MAX_LINES} lines ({@code irc_text_*}). Denied here, the publish is never delivered: no
 * browser sees {@code hi\r\nQUIT}. The length check uses the bridge's nick at the time of the publish; the relay
 * checks again when it sends and reports a difference (the nick changed in between) as an error event.
 *
 * <p>Runs on the node's policy executor; reads an immutable mapping, the bridge's volatile nick and the client's
 * identity ({@link ServerChannels#client}, which never blocks); keeps nothing of the data.
 */
final class IrcSecurityPolicy implements SecurityPolicy {
    private final IrcOptions options;
    private final String prefix;
    private final Supplier<ChannelMapping> mapping;
    private final Supplier<String> bridgeNick;
    private final ServerChannels channels;
    /** clientId to the nick it speaks as in personal mode, or null (then its publications are relayed). */
    private final java.util.function.Function<String, String> personalNick;

    IrcSecurityPolicy(IrcOptions options, Supplier<ChannelMapping> mapping, Supplier<String> bridgeNick,
                      ServerChannels channels, java.util.function.Function<String, String> personalNick) {
        this.personalNick = personalNick;
        this.options = options;
        this.prefix = "/" + BridgeChannelNames.IRC_ROOT + "/" + BridgeChannelNames.escape(options.network()) + "/";
        this.mapping = mapping;
        this.bridgeNick = bridgeNick;
        this.channels = channels;
    }

    @Override
    public Decision canSubscribe(String clientId, String channelOrPattern) {
        return decide(channelOrPattern);
    }

    @Override
    public Decision canPublish(String clientId, String channel) {
        return decide(channel);
    }

    @Override
    public Decision canPublish(String clientId, String channel, JsonNode data) {
        Decision byChannel = decide(channel);
        if (!byChannel.allowed() || !channel.startsWith(prefix)) {
            return byChannel;
        }
        String irc;
        try {
            irc = mapping.get().toIrc(ChannelId.parse(channel));
        } catch (ChannelRefusedException e) {
            return Decision.deny(e.refusal().code());
        }
        Identity who = channels.client(clientId).map(ClientInfo::identity).orElse(Identity.ANONYMOUS);
        try {
            String own = personalNick.apply(clientId);
            if (own != null) {
                PersonalSessions.lines(data, own, irc); // a logged-in visitor speaks as itself
                return Decision.ALLOW;
            }
            RelayMessage.check(options, who, clientId, bridgeNick.get(), irc, data);
            return Decision.ALLOW;
        } catch (RelayMessage.Refused r) {
            return Decision.deny(r.code);
        }
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
