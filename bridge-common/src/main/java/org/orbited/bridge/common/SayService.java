package org.orbited.bridge.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceRequest;

/**
 * The {@code say} service of a bridge section ({@code /service/irc/<net>/say}, {@code /service/xmpp/<muc>/say}): how
 * a browser speaks in a channel (docs/irc.md "Speaking"). Request: {@code {"channel": "#help", "text": "hi"}},
 * optional {@code "name": "alice"} (relay: the name the visitor wants) and {@code "type": "action"} ({@code /me};
 * default {@code "message"}).
 *
 * <p><b>Who speaks.</b> A logged-in client speaks through its personal connection, as its own nick
 * ({@link Speakers#sayPersonal}); others through the bridge's connection ({@link Speakers#sayRelay}), or, when the
 * mode does not allow relaying, not at all ({@code <prefix>_login_required}).
 *
 * <p><b>Answer.</b> {@code {"ok": true, "sender": <the canonical event's sender>}} once the lines are queued, plus
 * {@code "time"} (the canonical event's {@code time}) when this service published the event at once (IRC), so the
 * speaker knows its own line by its answer, not by its text; else {@code {"ok": false, "code": ...,
 * "message": ...}} ({@link Replies#failure}): every refusal known at the call (bad data, channel not allowed, not
 * subscribed, text rules, not connected, not joined, flood queue full, login required) comes back here, before
 * anything is sent or published. On acceptance ONE canonical event ({@link BridgeEvent#fromWeb}) reaches every
 * subscriber, the speaker included (its confirmation): {@code {"type":"message"|"action","channel":<Target.key>,
 * "sender":<the nick chat users see>,"text":...,"time":...,"web":true}} (plus {@code "relay":true} when relayed).
 * This service publishes it at once when the speakers say so ({@link Spoken#publishNow}, IRC); otherwise the bridge
 * publishes it when the server reflects the line (XMPP). A line that fails later comes as an {@code error} event to
 * the speaker alone.
 *
 * <p>Runs on the plugin thread (service handler); never blocks.
 */
public final class SayService {
    private final BridgeCodes codes;
    private final String servicePath;
    private final String channelExample;
    private final ServerChannels channels;
    private final Clock clock;
    private final Speakers speakers;

    /**
     * @param codes          the bridge's codes ({@code bad_data}, {@code login_required})
     * @param servicePath    e.g. {@code /service/irc/local/say}
     * @param channelExample a channel as the bad-data message shows it: {@code #name}, {@code room}
     * @param channels       where the canonical event is published
     * @param clock          the event's time
     * @param speakers       the bridge's side
     */
    public SayService(BridgeCodes codes, String servicePath, String channelExample, ServerChannels channels,
                      Clock clock, Speakers speakers) {
        this.codes = Objects.requireNonNull(codes, "codes");
        this.servicePath = Objects.requireNonNull(servicePath, "servicePath");
        this.channelExample = Objects.requireNonNull(channelExample, "channelExample");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.speakers = Objects.requireNonNull(speakers, "speakers");
    }

    /** Registers the service at {@code servicePath}. */
    public void register() {
        channels.handleService(servicePath, this::say);
    }

    private void say(ServiceRequest r) {
        try {
            r.reply(accept(r.clientId(), r.data()));
        } catch (Refused e) {
            r.reply(Replies.failure(e));
        } catch (FloodQueueFullException e) {
            r.reply(Replies.failure(e.code(), e.getMessage(), null));
        }
    }

    private JsonNode accept(String clientId, JsonNode data) throws Refused {
        String channel = Replies.text(data, "channel");
        String text = Replies.text(data, "text");
        String type = data == null || data.get("type") == null ? "message" : Replies.text(data, "type");
        if (channel == null || text == null || !("message".equals(type) || "action".equals(type))) {
            throw new Refused(codes.of("bad_data"), "say {\"channel\": \"" + channelExample + "\", \"text\": "
                    + "\"...\"}, optional \"name\" and \"type\": \"message\" or \"action\"");
        }
        boolean action = "action".equals(type);
        Target target = speakers.target(channel);
        Spoken spoken;
        boolean relayed;
        if (speakers.isLoggedIn(clientId)) {
            spoken = speakers.sayPersonal(clientId, target, text, action);
            relayed = false;
        } else if (!speakers.allowsRelay()) {
            throw new Refused(codes.of("login_required"), "log in to speak (mode = personal)");
        } else {
            spoken = speakers.sayRelay(clientId, target, data, action);
            relayed = true;
        }
        ObjectNode answer = Replies.ok().put("sender", spoken.sender());
        if (spoken.publishNow()) {
            Instant time = clock.instant();
            channels.publish(target.bayeux(), BridgeEvent.fromWeb(action, target.key(), spoken.sender(),
                    spoken.text(), time, relayed).toJson());
            answer.put("time", BridgeEvent.formatTime(time));
        }
        return answer;
    }
}
