package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.orbited.plugin.ServerChannels;

/**
 * The help desk's state (visitors, conversations, offline messages, signed-in helpers) and the fan-out of events
 * to the clients concerned: a visitor's events go to that visitor's clients at that desk only, helper events to
 * every signed-in helper. Records that something the store keeps has changed ({@link #takeDirty}).
 *
 * <p>Threading: every method runs on the plugin's thread (service handlers, client listeners and the plugin's
 * scheduled tasks are all called there), so nothing here is synchronised. Events are handed to
 * {@link ServerChannels#deliver}, which never blocks.
 */
final class Desk {
    final HelpDeskOptions options;
    final Visitors visitors;
    final Conversations conversations;
    final OfflineMessages offline;
    final Helpers helpers;
    final RateBuckets buckets = new RateBuckets();
    final Room room;
    private final ServerChannels channels;
    private final Clock clock;
    private List<String> helperNames = List.of();
    private boolean dirty;

    /** @param helperKey the effective helper key (configured or generated), null when key sign-in is off */
    Desk(HelpDeskOptions options, String helperKey, ServerChannels channels, Clock clock) {
        this.options = options;
        this.channels = channels;
        this.clock = clock;
        this.visitors = new Visitors(options.visitorsMax());
        this.conversations = new Conversations();
        this.offline = new OfflineMessages(options.offlineMax());
        this.helpers = new Helpers(helperKey, options.helperAttribute(), options.helperRoles());
        this.room = new Room(this);
    }

    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    ServerChannels channels() {
        return channels;
    }

    /** Something the store keeps changed: write it at the next store tick. */
    void changed() {
        dirty = true;
    }

    /** Whether something changed since the last call (and clears it). */
    boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    /** Whether the conversation's visitor has a client at its desk now. */
    boolean online(Conversation c) {
        return visitors.get(c.visitorId()).map(v -> !v.clientsAt(c.desk()).isEmpty()).orElse(false);
    }

    /** Delivers {@code event} to the visitor's clients at {@code desk}. */
    void toVisitor(Visitor v, String desk, ObjectNode event) {
        for (String client : v.clientsAt(desk)) {
            channels.deliver(client, HelpDeskEvents.CHANNEL, event);
        }
    }

    /** Delivers {@code event} to every signed-in helper client. */
    void toHelpers(ObjectNode event) {
        for (String client : helpers.clientIds()) {
            channels.deliver(client, HelpDeskEvents.CHANNEL, event);
        }
    }

    /** Tells helpers a conversation is new or changed, and marks the store dirty. */
    void conversationChanged(Conversation c) {
        changed();
        showToHelpers(c);
    }

    /** Tells helpers a conversation's summary (after a change the store does not keep: the visitor's online flag). */
    void showToHelpers(Conversation c) {
        toHelpers(HelpDeskEvents.conversation(c, online(c)));
    }

    /** The helpers online, as the last {@link #helpersChanged} saw them. */
    List<String> helperNames() {
        return helperNames;
    }

    /** After a helper signed in or out: when the names online changed, tells every visitor client and helper. */
    void helpersChanged() {
        List<String> now = helpers.names();
        if (now.equals(helperNames)) {
            return;
        }
        helperNames = now;
        ObjectNode event = HelpDeskEvents.helpers(now);
        for (String client : visitors.clientIds()) {
            channels.deliver(client, HelpDeskEvents.CHANNEL, event);
        }
        toHelpers(event);
    }

    /** A Bayeux client ended: it is no longer a visitor's tab nor a helper. */
    void clientEnded(String clientId) {
        buckets.forgetClient(clientId);
        unbindVisitorClient(clientId);
        if (helpers.signOut(clientId)) {
            helpersChanged();
        }
    }

    /** Removes a visitor client; when that leaves the visitor offline at a desk, helpers see it in the summary. */
    void unbindVisitorClient(String clientId) {
        visitors.ofClient(clientId).ifPresent(v -> {
            String desk = v.deskOf(clientId);
            visitors.unbind(clientId);
            v.seen(now());
            if (desk != null && v.clientsAt(desk).isEmpty()) {
                conversations.of(v.id(), desk).ifPresent(this::showToHelpers);
            }
        });
    }

    /**
     * Housekeeping, every minute: forgets clients the node no longer knows (their end may have been dropped),
     * closes idle conversations, forgets idle visitors and rate buckets that are full again.
     */
    void sweep() {
        for (String client : visitors.clientIds()) {
            if (channels.client(client).isEmpty()) {
                clientEnded(client);
            }
        }
        for (String client : helpers.clientIds()) {
            if (channels.client(client).isEmpty()) {
                clientEnded(client);
            }
        }
        Instant now = now();
        for (Conversation c : conversations.closeIdle(now, options.conversationIdle(), this::online)) {
            conversationChanged(c);
        }
        visitors.forgetIdle(now, v -> conversations.hasAny(v.id()));
        buckets.forgetFull(now.toEpochMilli());
    }

    /**
     * Takes a token from the per-address bucket {@code what} of {@code address.rate} per minute; refuses
     * ({@code helpdesk_rate}) when there is none. Nothing with {@code address.rate = 0}.
     */
    void addressRate(String address, String what, Instant now) {
        int rate = options.addressRate();
        if (rate > 0 && !buckets.take("@" + address + " " + what, rate, 60_000, now.toEpochMilli())) {
            throw new HelpDeskRefusal(HelpDeskCodes.RATE,
                    "too many " + what + " from your address: wait a minute");
        }
    }
}
