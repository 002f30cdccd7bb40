package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import org.orbited.bridge.common.FloodQueueFullException;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceRequest;

/**
 * The {@code say} service, {@code /service/irc/<net>/say}: how a browser speaks in an IRC channel (docs/irc.md
 * "Speaking"). Request: {@code {"channel": "#help", "text": "hi"}}, optional {@code "name": "alice"} (relay: the
 * name the visitor wants) and {@code "type": "action"} ({@code /me}; default {@code "message"}).
 *
 * <p><b>Who speaks.</b> A logged-in client speaks through its personal connection, as its own nick
 * ({@link PersonalSessions#say}); others through the bridge's connection ({@link RelayBridge#say}), or, with
 * {@code mode = personal}, not at all ({@code irc_login_required}).
 *
 * <p><b>Answer.</b> {@code {"ok": true}} once the lines are queued, else {@code {"ok": false, "code": ...,
 * "message": ...}}: every refusal known at the call (bad data, channel not allowed, not subscribed, text rules,
 * not connected, not joined, join refused, flood queue full, login required) comes back here, before anything is
 * sent or published. On acceptance the bridge publishes ONE canonical event on the channel's Bayeux name, to every
 * subscriber the speaker included (its confirmation): {@code {"type":"message"|"action","channel":"#help",
 * "sender":<the nick IRC users see>,"text":...,"time":...,"web":true}} (plus {@code "relay":true} when relayed;
 * {@code sender} is then the relayed name with the guest affixes). The text in the event is stripped of mIRC
 * formatting like every IRC text. A line that fails later (link dropped, kicked) comes as an {@code error} event
 * to the speaker alone.
 *
 * <p>Runs on the plugin thread (service handler); never blocks.
 */
final class SayService {
    private final IrcOptions options;
    private final ServerChannels channels;
    private final Clock clock;
    private final RelayBridge relay;
    private final PersonalSessions sessions;
    private final ChannelLimits limits;

    SayService(IrcOptions options, ServerChannels channels, Clock clock, RelayBridge relay, PersonalSessions sessions,
               ChannelLimits limits) {
        this.options = options;
        this.channels = channels;
        this.clock = clock;
        this.relay = relay;
        this.sessions = sessions;
        this.limits = limits;
    }

    /** Registers {@code /service/irc/<net>/say}. */
    void register() {
        channels.handleService("/service/irc/" + org.orbited.plugin.BridgeChannelNames.escape(options.network())
                + "/say", this::say);
    }

    private void say(ServiceRequest r) {
        try {
            r.reply(accept(r.clientId(), r.data()));
        } catch (RelayMessage.Refused e) {
            r.reply(PersonalRequests.failure(e.code, e.getMessage(), null));
        } catch (IrcTextException e) {
            r.reply(PersonalRequests.failure(e.reason().code(), e.getMessage(), null));
        } catch (FloodQueueFullException e) {
            r.reply(PersonalRequests.failure(e.code(), e.getMessage(), null));
        }
    }

    private JsonNode accept(String clientId, JsonNode data) throws RelayMessage.Refused {
        String channel = text(data, "channel");
        String text = text(data, "text");
        String type = data == null || data.get("type") == null ? "message" : text(data, "type");
        if (channel == null || text == null || !("message".equals(type) || "action".equals(type))) {
            throw new RelayMessage.Refused("irc_bad_data", "say {\"channel\": \"#name\", \"text\": \"...\"}, "
                    + "optional \"name\" and \"type\": \"message\" or \"action\"");
        }
        boolean action = "action".equals(type);
        ChannelMapping mapping = relay.mapping();
        String problem = ChannelMapping.invalidity(channel);
        if (problem != null) {
            throw new RelayMessage.Refused(ChannelRefusedException.Refusal.INVALID_NAME.code(), problem);
        }
        if (!mapping.isAllowed(channel)) {
            throw new RelayMessage.Refused(ChannelRefusedException.Refusal.NOT_ALLOWED.code(),
                    channel + " is not in the allowlist of network " + options.network());
        }
        String irc = mapping.fold(channel);
        String bayeux = mapping.toBayeux(irc).name();
        String sender;
        boolean relayed;
        if (sessions.isLoggedIn(clientId)) {
            if (!limits.isSubscribed(clientId, irc)) {
                throw new RelayMessage.Refused("irc_not_subscribed", "subscribe to " + bayeux + " first");
            }
            sender = sessions.say(clientId, irc, bayeux, text, action);
            relayed = false;
        } else if (!options.mode().allowsRelay()) {
            throw new RelayMessage.Refused("irc_login_required", "log in to speak (mode = personal)");
        } else {
            sender = relay.say(clientId, irc, data, action);
            relayed = true;
        }
        channels.publish(bayeux, IrcEvent.fromWeb(action, irc, sender, IrcText.stripFormatting(text),
                clock.instant(), relayed).toJson());
        return PersonalRequests.JSON.objectNode().put("ok", true);
    }

    private static String text(JsonNode data, String key) {
        JsonNode v = data == null ? null : data.get(key);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
