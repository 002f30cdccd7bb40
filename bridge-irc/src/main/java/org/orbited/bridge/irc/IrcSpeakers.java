package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.Replies;
import org.orbited.bridge.common.SayService;
import org.orbited.bridge.common.Speakers;
import org.orbited.bridge.common.Spoken;
import org.orbited.bridge.common.Target;

/**
 * IRC's side of the {@link SayService}: a channel as a browser wrote it is checked ({@link ChannelMapping}) and
 * folded ({@link Target#key()} is the folded IRC name); a logged-in client must be subscribed and speaks through its
 * {@link PersonalSessions personal connection}, others are relayed by the {@link RelayBridge}. Text rules refuse
 * with their {@code irc_text_...} codes. The canonical event is published at once ({@link Spoken#publishNow}), its
 * text stripped of mIRC formatting like every IRC text. Plugin thread only.
 */
final class IrcSpeakers implements Speakers {
    private final IrcOptions options;
    private final RelayBridge relay;
    private final PersonalSessions sessions;
    private final ChannelLimits limits;

    IrcSpeakers(IrcOptions options, RelayBridge relay, PersonalSessions sessions, ChannelLimits limits) {
        this.options = options;
        this.relay = relay;
        this.sessions = sessions;
        this.limits = limits;
    }

    @Override
    public Target target(String channel) throws Refused {
        ChannelMapping mapping = relay.mapping();
        String problem = ChannelMapping.invalidity(channel);
        if (problem != null) {
            throw new Refused(ChannelRefusedException.Refusal.INVALID_NAME.code(), problem);
        }
        if (!mapping.isAllowed(channel)) {
            throw new Refused(ChannelRefusedException.Refusal.NOT_ALLOWED.code(),
                    channel + " is not in the allowlist of network " + options.network());
        }
        String irc = mapping.fold(channel);
        return new Target(irc, mapping.toBayeux(irc).name());
    }

    @Override
    public boolean isLoggedIn(String clientId) {
        return sessions.isLoggedIn(clientId);
    }

    @Override
    public boolean allowsRelay() {
        return options.mode().allowsRelay();
    }

    @Override
    public Spoken sayPersonal(String clientId, Target t, String text, boolean action) throws Refused {
        if (!limits.isSubscribed(clientId, t.key())) {
            throw new Refused("irc_not_subscribed", "subscribe to " + t.bayeux() + " first");
        }
        try {
            return new Spoken(sessions.say(clientId, t.key(), t.bayeux(), text, action),
                    IrcText.stripFormatting(text), true);
        } catch (IrcTextException e) {
            throw new Refused(e.reason().code(), e.getMessage());
        }
    }

    @Override
    public Spoken sayRelay(String clientId, Target t, JsonNode request, boolean action) throws Refused {
        try {
            return new Spoken(relay.say(clientId, t.key(), request, action),
                    IrcText.stripFormatting(Replies.text(request, "text")), true);
        } catch (IrcTextException e) {
            throw new Refused(e.reason().code(), e.getMessage());
        }
    }
}
