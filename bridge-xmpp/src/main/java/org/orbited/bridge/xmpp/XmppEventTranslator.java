package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;
import org.orbited.bridge.common.BridgeEvent;

/**
 * Turns a stanza from a room ({@code room@muc} or {@code room@muc/nick}) into an immutable {@link Incoming}: the
 * room's normalised localpart and what happened. Called on Smack's thread, inline (stanzas are mutable and must not
 * cross threads, so everything is copied here). Never blocks, never sends, keeps no state: whether a presence is a
 * join, a part or a show change is decided by the room's state on the plugin thread ({@link RoomState}).
 *
 * <ul>
 *   <li>A {@code groupchat} message with a body: {@link Said} with a {@code message} event, or {@code action} when
 *       the body starts with {@code /me } (XEP-0245); from the room itself (no nick) a {@code notice}. With a
 *       {@code <delay/>} (XEP-0203, room history) whose {@code from} is the room's bare JID it is
 *       {@link Said#history} and its {@code time} is the server's stamp; any other delay (an occupant can add one
 *       to a live line) is ignored, and live messages get the receive time.</li>
 *   <li>A {@code groupchat} message with a subject and no body: {@link Said} with a {@code topic} event (the room
 *       sends the current subject, possibly empty, right after the history of a join: {@link Said#subject}).</li>
 *   <li>A presence: {@link Occupant} (nick, available or not, the MUC status codes 110/303/307/301, role and
 *       affiliation as a names prefix, show and status text).</li>
 *   <li>A message or presence of type {@code error}: {@link StanzaRefusal} with its stanza id.</li>
 * </ul>
 * Text and nicks are cleaned ({@link XmppText#clean}); a body over 64 KiB is cut ({@link Said#truncated}). Only
 * {@code <body>} and {@code <subject>} are read: XHTML-IM and other payloads are ignored, so markup stays text.
 */
final class XmppEventTranslator {
    /** XEP-0421 occupant id, added by prosody 0.12. */
    static final String OCCUPANT_ID_NS = "urn:xmpp:occupant-id:0";

    private XmppEventTranslator() {
    }

    /** What a stanza from a room means. */
    sealed interface Incoming permits Said, Occupant, StanzaRefusal {
        /** The room's normalised localpart. */
        String room();
    }

    /**
     * A message, action, notice or subject in a room.
     *
     * @param nick       the sender's nick in the room, null for the room itself
     * @param stanzaId   the stanza id (our own lines come back with the id we sent), may be null
     * @param history    delayed (room history)
     * @param subject    a subject change or the subject sent on join ({@code topic} event)
     * @param occupantId the XEP-0421 id, or null
     */
    record Said(String room, String nick, BridgeEvent event, String stanzaId, boolean history, boolean truncated,
                boolean subject, String occupantId) implements Incoming {
        /** The JSON published: the event, with {@code history}, {@code truncated} and {@code occupant} when so. */
        ObjectNode toJson(boolean asHistory) {
            BridgeEvent e = asHistory ? event.asHistory() : event;
            e = truncated ? e.asTruncated() : e;
            return (occupantId != null ? e.withOccupant(occupantId) : e).toJson();
        }
    }

    /**
     * An occupant's presence.
     *
     * @param self      status 110: about the bridge's own occupant
     * @param newNick   status 303: the occupant is now known under this nick (unavailable presence)
     * @param kicked    status 307 (kick) or 301 (ban), the occupant was removed by {@code actor}
     * @param prefix    names prefix from affiliation and role: owner {@code ~}, admin {@code &}, moderator
     *                  {@code @}, else empty
     * @param show      {@code away}, {@code xa}, {@code dnd}, {@code chat} or null (plain available)
     * @param status    the status text (cleaned), or null
     */
    record Occupant(String room, String nick, boolean available, boolean self, String newNick, boolean kicked,
                    boolean banned, String actor, String reason, String prefix, String show, String status,
                    String occupantId, Instant time) implements Incoming {
    }

    /** The room or server refused a stanza we sent ({@code stanzaId}); {@code presence}: a join. */
    record StanzaRefusal(String room, String stanzaId, String nick, boolean presence,
                         org.jivesoftware.smack.packet.StanzaError error) implements Incoming {
    }

    /**
     * The meaning of {@code stanza}, or null when it does not come from a room of {@code muc} or carries nothing
     * the bridge publishes (a private message, a message without body or subject, an invitation).
     *
     * @param muc      the MUC service domain (normalised)
     * @param received the receive time (live messages have no server time)
     */
    static Incoming translate(Stanza stanza, String muc, Instant received) {
        Jid from = stanza.getFrom();
        if (from == null || from.getLocalpartOrNull() == null || !from.getDomain().toString().equals(muc)) {
            return null;
        }
        String room = from.getLocalpartOrNull().toString();
        Resourcepart resource = from.getResourceOrNull();
        String nick = resource == null ? null : XmppText.cleanName(resource.toString());
        if (stanza instanceof Message m) {
            return message(m, from.asBareJid(), room, nick, received);
        }
        if (stanza instanceof Presence p) {
            return presence(p, room, nick, received);
        }
        return null;
    }

    private static Incoming message(Message m, Jid roomJid, String room, String nick, Instant received) {
        if (m.getType() == Message.Type.error) {
            return new StanzaRefusal(room, m.getStanzaId(), nick, false, m.getError());
        }
        if (m.getType() != Message.Type.groupchat) {
            return null;  // private messages (type chat) concern visitor sessions, not the room
        }
        DelayInformation delay = DelayInformation.from(m);
        // Only the room's own <delay from='room@muc'/> marks history: prosody strips such a delay from what
        // occupants send, but passes any other through, so an occupant's own delay is ignored (live, receive time).
        boolean delayed = delay != null && delay.getStamp() != null && delay.getFrom() != null
                && roomJid.equals(org.jxmpp.jid.impl.JidCreate.fromOrNull(delay.getFrom()));
        Instant time = delayed ? delay.getStamp().toInstant() : received;
        String occupantId = occupantId(m);
        String body = m.getBody();
        if (body == null) {
            String subject = m.getSubject();
            if (subject == null) {
                return null;
            }
            XmppText.Cleaned text = XmppText.clean(subject);
            return new Said(room, nick, BridgeEvent.of(BridgeEvent.Type.TOPIC, room, nick, text.text(), time),
                    m.getStanzaId(), false, text.truncated(), true, occupantId);
        }
        boolean action = body.startsWith("/me ") && nick != null;
        XmppText.Cleaned text = XmppText.clean(action ? body.substring(4) : body);
        BridgeEvent.Type type = nick == null ? BridgeEvent.Type.NOTICE
                : action ? BridgeEvent.Type.ACTION : BridgeEvent.Type.MESSAGE;
        return new Said(room, nick, BridgeEvent.of(type, room, nick, text.text(), time), m.getStanzaId(), delayed,
                text.truncated(), false, occupantId);
    }

    private static Incoming presence(Presence p, String room, String nick, Instant received) {
        if (p.getType() == Presence.Type.error) {
            return new StanzaRefusal(room, p.getStanzaId(), nick, true, p.getError());
        }
        if (nick == null || (p.getType() != Presence.Type.available && p.getType() != Presence.Type.unavailable)) {
            return null;
        }
        MUCUser user = MUCUser.from(p);
        Set<MUCUser.Status> codes = user == null ? Set.of() : user.getStatus();
        MUCItem item = user == null ? null : user.getItem();
        boolean available = p.getType() == Presence.Type.available;
        String newNick = null;
        String actor = null;
        String reason = null;
        if (item != null) {
            if (codes.contains(MUCUser.Status.NEW_NICKNAME_303) && item.getNick() != null) {
                newNick = XmppText.cleanName(item.getNick().toString());
            }
            if (item.getActorNick() != null) {
                actor = XmppText.cleanName(item.getActorNick().toString());
            } else if (item.getActor() != null) {
                actor = XmppText.cleanName(item.getActor().toString());
            }
            if (item.getReason() != null && !item.getReason().isBlank()) {
                reason = XmppText.clean(item.getReason()).text();
            }
        }
        String show = null;
        if (available && p.getMode() != null && p.getMode() != Presence.Mode.available) {
            show = p.getMode().toString();
        }
        String status = p.getStatus() == null || p.getStatus().isBlank() ? null : XmppText.clean(p.getStatus()).text();
        return new Occupant(room, nick, available, codes.contains(MUCUser.Status.PRESENCE_TO_SELF_110), newNick,
                codes.contains(MUCUser.Status.KICKED_307), codes.contains(MUCUser.Status.BANNED_301), actor,
                reason, prefix(item), show, status, occupantId(p), received);
    }

    /** The names prefix of an occupant: owner {@code ~}, admin {@code &}, moderator {@code @}, else "". */
    static String prefix(MUCItem item) {
        if (item == null) {
            return "";
        }
        if (item.getAffiliation() == MUCAffiliation.owner) {
            return "~";
        }
        if (item.getAffiliation() == MUCAffiliation.admin) {
            return "&";
        }
        if (item.getRole() == MUCRole.moderator) {
            return "@";
        }
        return "";
    }

    private static String occupantId(Stanza s) {
        ExtensionElement e = s.getExtensionElement("occupant-id", OCCUPANT_ID_NS);
        if (e instanceof StandardExtensionElement st) {
            String id = st.getAttributeValue("id");
            return id == null || id.isEmpty() || id.length() > 128 ? null : XmppText.cleanName(id);
        }
        return null;
    }
}
