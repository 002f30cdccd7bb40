package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.JsonNode;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.SayService;
import org.orbited.bridge.common.Speakers;
import org.orbited.bridge.common.Spoken;
import org.orbited.bridge.common.Target;

/**
 * The XMPP side of the shared {@link SayService}: which room a {@code say} names, and who speaks. A logged-in
 * client speaks through its own visitor session (as its nick); any other through the occupant ({@link XmppRelay});
 * with {@code mode = personal} only logged-in clients speak. In both cases the canonical event is published when the
 * room reflects the line ({@code publishNow} false, decision 5).
 *
 * <p>{@code channel} in a say request is the room's name (its localpart, {@code "lobby"}), or its bare JID on this
 * service ({@code "lobby@conference.example.org"}). Plugin thread only.
 */
final class XmppSpeakers implements Speakers {
    private final RoomMapping mapping;
    private final XmppRelay relay;
    private final ChannelLimits limits;
    private final VisitorSessions personal;

    XmppSpeakers(RoomMapping mapping, XmppRelay relay, ChannelLimits limits, VisitorSessions personal) {
        this.mapping = mapping;
        this.relay = relay;
        this.limits = limits;
        this.personal = personal;
    }

    @Override
    public Target target(String channel) throws Refused {
        String name = channel;
        int at = channel.indexOf('@');
        if (at > 0) {
            if (!channel.substring(at + 1).equalsIgnoreCase(mapping.muc())) {
                throw new Refused(RoomMapping.OTHER_SERVICE, "'" + channel + "' is not a room of " + mapping.muc());
            }
            name = channel.substring(0, at);
        }
        String room = mapping.allowed(name);
        return new Target(room, mapping.toBayeux(room).name());
    }

    @Override
    public boolean isLoggedIn(String clientId) {
        return personal.isLoggedIn(clientId);
    }

    @Override
    public boolean allowsRelay() {
        return relay.allowsRelay();
    }

    @Override
    public Spoken sayPersonal(String clientId, Target t, String text, boolean action)
            throws Refused {
        if (!limits.isSubscribed(clientId, t.key())) {
            throw new Refused("xmpp_not_subscribed", "subscribe to " + t.bayeux() + " first");
        }
        relay.checkReadable(t);  // the occupant is the only reader: a line it cannot see reaches no browser
        return personal.say(clientId, t, text, action);
    }

    @Override
    public Spoken sayRelay(String clientId, Target t, JsonNode request, boolean action)
            throws Refused {
        return relay.sayRelay(clientId, t, request, action);
    }
}
