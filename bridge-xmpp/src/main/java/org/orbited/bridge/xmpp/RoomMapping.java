package org.orbited.bridge.xmpp;

import java.util.List;
import java.util.regex.Pattern;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.orbited.bridge.common.Refused;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;

/**
 * Room {@code lobby@conference.example.org} of MUC service {@code muc} is the Bayeux channel
 * {@code /xmpp/<escaped muc>/<escaped localpart>} ({@link BridgeChannelNames#xmppRoom}); this class maps both ways
 * and enforces the {@code rooms} allowlist.
 *
 * <p><b>Normalising.</b> Room localparts are case-insensitive (jxmpp's stringprep folds them to lower case), Bayeux
 * names are not, so the Bayeux name is always made from the normalised localpart: {@code Lobby} and {@code lobby}
 * are both {@code /xmpp/conference$2Eexample$2Eorg/lobby}, and {@code .../Lobby} is refused
 * ({@link #NOT_CANONICAL}) rather than being a second name for one room. The event field {@code channel} is the
 * normalised localpart.
 *
 * <p><b>Allowlist.</b> Entries are localparts, each optionally with {@code *} (any run, possibly empty) or
 * {@code ?} (one character), normalised like names. An empty allowlist allows nothing. Immutable, thread-safe.
 */
public final class RoomMapping {
    /** Not {@code /xmpp/<muc>/<room>} (wrong root, depth, or a wildcard). */
    public static final String NOT_A_ROOM = "xmpp_not_xmpp_room";
    /** Another MUC service (another {@code [plugin:xmpp.NAME]} may serve it). */
    public static final String OTHER_SERVICE = "xmpp_other_service";
    /** The segment is not a canonical escape. */
    public static final String BAD_ESCAPE = "xmpp_bad_escape";
    /** The localpart is not normalised (upper case). */
    public static final String NOT_CANONICAL = "xmpp_not_canonical";
    /** Not a valid room localpart. */
    public static final String INVALID_NAME = "xmpp_invalid_room_name";
    /** Valid, but not in the {@code rooms} allowlist. */
    public static final String NOT_ALLOWED = "xmpp_channel_not_allowed";

    private final DomainBareJid muc;
    private final String prefix;
    private final List<String> entries;
    private final List<Pattern> allowlist;

    /**
     * @param muc   the MUC service domain
     * @param rooms allowlist entries (see class doc)
     * @throws IllegalArgumentException naming a bad service or entry
     */
    public RoomMapping(String muc, List<String> rooms) {
        try {
            this.muc = JidCreate.domainBareFrom(muc);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("'" + muc + "' is not an XMPP domain: " + e.getMessage(), e);
        }
        this.prefix = "/" + BridgeChannelNames.XMPP_ROOT + "/" + BridgeChannelNames.escape(this.muc.toString()) + "/";
        this.entries = List.copyOf(rooms);
        this.allowlist = rooms.stream().map(RoomMapping::compileEntry).toList();
        if (allowlist.isEmpty()) {
            throw new IllegalArgumentException("names no room");
        }
    }

    private static Pattern compileEntry(String entry) {
        String normal;
        try {
            normal = normalise(entry);
        } catch (Refused e) {
            throw new IllegalArgumentException("allowlist entry '" + entry + "': " + e.getMessage());
        }
        StringBuilder regex = new StringBuilder();
        normal.codePoints().forEach(c -> regex.append(c == '*' ? ".*" : c == '?' ? "."
                : Pattern.quote(new String(Character.toChars(c)))));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** The MUC service domain (normalised). */
    public String muc() {
        return muc.toString();
    }

    /** The allowlist as configured. */
    public List<String> allowlist() {
        return entries;
    }

    /** {@code /xmpp/<escaped muc>/}: the start of every room channel of this service. */
    public String channelPrefix() {
        return prefix;
    }

    /** {@code /xmpp/<escaped muc>/**}: what the plugin claims. */
    public String claim() {
        return prefix + "**";
    }

    /** {@code /service/xmpp/<escaped muc>/}: the start of this service's service channels. */
    public String servicePrefix() {
        return "/service" + prefix;
    }

    /**
     * The normalised localpart of a room name.
     *
     * @throws Refused {@link #INVALID_NAME}
     */
    public static String normalise(String room) throws Refused {
        String problem = XmppText.localpartProblem(room);
        if (problem != null) {
            throw new Refused(INVALID_NAME, "room name " + problem);
        }
        try {
            return Localpart.from(room).toString();
        } catch (XmppStringprepException e) {
            throw new Refused(INVALID_NAME, "'" + room + "' is not a valid room name: " + e.getMessage());
        }
    }

    /** Whether the normalised localpart {@code room} is on the allowlist. */
    public boolean isAllowed(String room) {
        return allowlist.stream().anyMatch(p -> p.matcher(room).matches());
    }

    /**
     * The normalised, allowed localpart of a name a browser gave (the {@code channel} of a say request).
     *
     * @throws Refused {@link #INVALID_NAME} or {@link #NOT_ALLOWED}
     */
    public String allowed(String room) throws Refused {
        String normal = normalise(room);
        if (!isAllowed(normal)) {
            throw new Refused(NOT_ALLOWED, "room '" + normal + "' is not in the allowlist of " + muc);
        }
        return normal;
    }

    /** The Bayeux channel of a normalised localpart, whether allowed or not. */
    public ChannelId toBayeux(String room) {
        return BridgeChannelNames.xmppRoom(muc.toString(), room);
    }

    /** The room's bare JID {@code room@muc}. */
    public EntityBareJid roomJid(String room) {
        try {
            return JidCreate.entityBareFrom(Localpart.from(room), muc);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The normalised localpart of the room a browser may reach through {@code bayeux}, checking the shape, service,
     * escape, validity, canonical form and allowlist in that order.
     *
     * @throws Refused with the first refusal's code
     */
    public String toRoom(ChannelId bayeux) throws Refused {
        if (bayeux.isWildcard() || bayeux.depth() != 3 || !BridgeChannelNames.XMPP_ROOT.equals(bayeux.segment(0))) {
            throw refused(NOT_A_ROOM, bayeux, "is not /" + BridgeChannelNames.XMPP_ROOT + "/<muc service>/<room>");
        }
        if (!bayeux.name().startsWith(prefix)) {
            throw refused(OTHER_SERVICE, bayeux, "is not on MUC service " + muc);
        }
        String name;
        try {
            name = BridgeChannelNames.unescape(bayeux.segment(2));
        } catch (IllegalArgumentException e) {
            throw refused(BAD_ESCAPE, bayeux, e.getMessage());
        }
        String normal;
        try {
            normal = normalise(name);
        } catch (Refused e) {
            throw refused(INVALID_NAME, bayeux, e.getMessage());
        }
        if (!normal.equals(name)) {
            throw refused(NOT_CANONICAL, bayeux, "names room '" + name + "' in a non-normalised form; use "
                    + toBayeux(normal));
        }
        if (!isAllowed(normal)) {
            throw refused(NOT_ALLOWED, bayeux, "room '" + normal + "' is not in the allowlist of " + muc);
        }
        return normal;
    }

    /** As {@link #toRoom} for a channel name; null instead of a refusal. */
    public String roomOrNull(String channel) {
        ChannelId id = ChannelId.tryParse(channel).orElse(null);
        if (id == null) {
            return null;
        }
        try {
            return toRoom(id);
        } catch (Refused e) {
            return null;
        }
    }

    private static Refused refused(String code, ChannelId c, String why) {
        return new Refused(code, "Bayeux channel " + c + " " + why);
    }
}
