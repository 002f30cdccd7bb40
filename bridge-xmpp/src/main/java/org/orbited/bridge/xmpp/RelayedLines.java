package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;
import org.orbited.bridge.common.BridgeCodes;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.FloodQueueFullException;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.VisitorNames;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.Identity;
import org.orbited.plugin.ServerChannels;

/**
 * The lines the occupant says for relayed visitors (docs/xmpp.md "Relay mode", "Flood control"): the visitor's
 * name ({@link VisitorNames}), the body ({@code relay.format} + text, or {@code * name text} for an action), checked
 * against {@link XmppText} and {@code text.max}; paced per visitor and room ({@code flood.visitor.*}) then per room
 * ({@code flood.channel.*}, {@link #roomFlood}); each sent with our own stanza id, registered in the
 * {@link RoomEchoes} first, so the occupant publishes its canonical event when the room reflects it. A line that
 * cannot be sent, or is not shown within 30 s, reaches its speaker alone as an {@code error} event.
 *
 * <p>{@link #line} and {@link #stage} run on the plugin thread; the flood sinks on whatever thread releases a line
 * (they never block: the send goes to the link's io thread). Bounded by the flood queues and {@link RoomEchoes#MAX}.
 */
final class RelayedLines {
    /** One relayed line: who said it, where, the body sent and what the canonical event shows. */
    record Line(String clientId, String room, String bayeux, String id, String body, String sender, String text,
                boolean action) {
    }

    private final XmppOptions options;
    private final RoomMapping mapping;
    private final ServerChannels channels;
    private final Clock clock;
    private final BridgeCodes codes;
    private final Supplier<XmppLink> link;
    private final FloodQueue<Runnable> roomFlood;   // per room, shared with visitor sessions
    private final FloodQueue<Line> visitorFlood;    // per relayed visitor and room, before the room's
    private final RoomEchoes echoes;
    private final VisitorNames names;
    private final SecureRandom random = new SecureRandom();

    /** @param later runs flood releases (a timer thread); never blocks */
    RelayedLines(XmppOptions options, RoomMapping mapping, ServerChannels channels, Clock clock, BridgeCodes codes,
                 FloodQueue.Scheduler later, Supplier<XmppLink> link) {
        this(options, mapping, channels, clock, codes, later, link, new RoomEchoes(System::nanoTime));
    }

    /** As above, with the echo registry given (tests: its clock). */
    RelayedLines(XmppOptions options, RoomMapping mapping, ServerChannels channels, Clock clock, BridgeCodes codes,
                 FloodQueue.Scheduler later, Supplier<XmppLink> link, RoomEchoes echoes) {
        this.echoes = echoes;
        this.options = options;
        this.mapping = mapping;
        this.channels = channels;
        this.clock = clock;
        this.codes = codes;
        this.link = link;
        this.roomFlood = new FloodQueue<>(codes, options.channelFloodRate(), options.channelFloodBurst(),
                options.channelFloodQueue(), later, System::nanoTime, (room, send) -> send.run());
        this.visitorFlood = new FloodQueue<>(codes, options.visitorFloodRate(), options.visitorFloodBurst(),
                options.visitorFloodQueue(), later, System::nanoTime, (key, line) -> toRoomQueue(line));
        this.names = new VisitorNames(options.nickPattern(), options.guestPrefix(), options.guestSuffix(), codes);
    }

    RoomEchoes echoes() {
        return echoes;
    }

    FloodQueue<Runnable> roomFlood() {
        return roomFlood;
    }

    /**
     * The line {@code clientId} asks to say in {@code room} ({@code request}: the say request), checked.
     *
     * @param held lines already held for the room (not joined yet), -1 when joined
     * @throws Refused a text, name, data or flood code; nothing was queued
     */
    Line line(String clientId, String room, String bayeux, JsonNode request, boolean action, int held)
            throws Refused {
        JsonNode textNode = request == null ? null : request.get("text");
        if (textNode == null || !textNode.isTextual()) {
            throw new Refused(codes.of("bad_data"), "{\"channel\": \"room\", \"text\": \"...\"} (text a string)");
        }
        String text = textNode.asText();
        XmppText.checkOutgoing(text, options.textMax());
        Identity who = channels.client(clientId).map(ClientInfo::identity).orElse(Identity.ANONYMOUS);
        String visitor = names.of(who, clientId, request);
        String nickProblem = XmppText.nickProblem(visitor);
        if (nickProblem != null) {  // nick.pattern may allow more than a room accepts
            throw new Refused(codes.of("bad_name"), nickProblem);
        }
        String body = (action ? "* " + visitor : options.relayFormat().replace("{nick}", visitor)) + " " + text;
        try {
            XmppText.checkOutgoing(body, options.textMax());
        } catch (Refused e) {
            throw new Refused(e.code(), e.getMessage() + " (with the relay prefix)");
        }
        if (held < 0 ? roomFlood.pending(room) >= options.channelFloodQueue() : held >= options.floodQueue()) {
            throw new Refused(codes.of("flood_queue_full"), "too many lines waiting for room " + room);
        }
        if (visitorFlood.pending(visitorKey(clientId, room)) >= options.visitorFloodQueue()) {
            throw new Refused(codes.of("flood_queue_full"), "you have too many lines waiting for room " + room);
        }
        return new Line(clientId, room, bayeux, newId(), body, visitor, text, action);
    }

    /** Puts an accepted line in its visitor's queue (the room is joined); a full queue is an error event. */
    void stage(Line line) {
        try {
            visitorFlood.offer(visitorKey(line.clientId(), line.room()), line);
        } catch (FloodQueueFullException e) {
            error(line.clientId(), line.bayeux(), line.room(), e.code(), "not sent: " + e.getMessage());
        }
    }

    /** Visitor flood sink (under its lock, any thread): into the room's queue. */
    private void toRoomQueue(Line line) {
        try {
            roomFlood.offer(line.room(), () -> send(line));
        } catch (FloodQueueFullException e) {
            error(line.clientId(), line.bayeux(), line.room(), e.code(), "not sent: " + e.getMessage());
        }
    }

    /** Room flood sink (under its lock, any thread): register the echo, hand the send to the io thread. */
    private void send(Line line) {
        echoes.expect(line.room(), line.id(), line.clientId(), line.sender(), line.text(), line.action(), true);
        link.get().sendGroupchat(mapping.roomJid(line.room()), line.id(), line.body()).whenComplete((ok, failure) -> {
            if (failure != null && echoes.refused(line.room(), line.id()) != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                error(line.clientId(), line.bayeux(), line.room(), codes.of("not_sent"),
                        "not sent to XMPP: " + cause.getMessage());
            }
        });
    }

    /** Tells the speakers of lines that waited too long for their reflection (plugin thread, periodically). */
    void expireEchoes() {
        for (RoomEchoes.Pending p : echoes.expired()) {
            error(p.clientId(), mapping.toBayeux(p.room()).name(), p.room(), codes.of("not_confirmed"),
                    "the room did not show the line within " + OutgoingLines.CONFIRM_SECONDS
                            + " s; it may not have been delivered");
        }
    }

    /**
     * An error event to {@code clientId} alone on {@code bayeux}, with {@code "channel": room} as every room error
     * event carries (visitor sessions' too). Any thread.
     */
    void error(String clientId, String bayeux, String room, String code, String message) {
        if (clientId != null) {
            channels.deliver(clientId, bayeux,
                    BridgeEvent.error(code, message, clock.instant()).put("channel", room));
        }
    }

    private String newId() {
        byte[] b = new byte[9];
        random.nextBytes(b);
        return "orb-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String visitorKey(String clientId, String room) {
        return clientId + "\n" + room;
    }
}
