package org.orbited.bridge.xmpp;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.SayService;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.SubscriptionEvent;

/**
 * The plugin's view of the visitor sessions ({@code VisitorSessions}, owned by the visitors helper): created,
 * registered, told about subscriptions and ended clients, asked who is logged in and to say lines, stopped.
 * {@link #create} returns null while the sessions are not part of the build (then only relay mode works).
 */
final class VisitorsWiring implements XmppSpeakers.Personal {
    private VisitorsWiring() {
    }

    /** The wired visitor sessions, or null when there are none in this build. */
    static VisitorsWiring create(XmppOptions o, ServerChannels ch, Executor pluginThread, Clock clock,
                                 RoomMapping mapping, OutgoingLines echoes) {
        return null;
    }

    void register() {
    }

    void onSubscription(SubscriptionEvent e) {
    }

    void clientEnded(String clientId) {
    }

    void stop() {
    }

    @Override
    public boolean isLoggedIn(String clientId) {
        return false;
    }

    @Override
    public SayService.Spoken say(String clientId, SayService.Target t, String text, boolean action) throws Refused {
        throw new Refused("xmpp_not_logged_in", "log in first");
    }
}
