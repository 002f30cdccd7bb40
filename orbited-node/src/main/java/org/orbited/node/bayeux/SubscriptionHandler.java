package org.orbited.node.bayeux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.orbited.node.core.Hub;
import org.orbited.plugin.ChannelId;

/**
 * {@code /meta/subscribe} and {@code /meta/unsubscribe}: arrays all-or-nothing, repeats without duplicates,
 * {@code /service/**} subscriptions accepted but not recorded (bayeux.md 1.5, 3), {@code max_subscriptions} per
 * client. Subscriptions live in the hub's channel index, shared with Orbit browsers; plugins are told of each
 * change. Thread-safe.
 */
final class SubscriptionHandler {
    private final Hub hub;
    private final ChannelAccess access;
    private final PluginChannels plugins;
    private final int maxSubscriptions;

    SubscriptionHandler(Hub hub, ChannelAccess access, PluginChannels plugins, int maxSubscriptions) {
        this.hub = hub;
        this.access = access;
        this.plugins = plugins;
        this.maxSubscriptions = maxSubscriptions;
    }

    /** Subscribes {@code c} to what {@code m} names (already checked), adding the reply to {@code out}. */
    void subscribe(BayeuxMessage m, List<ChannelId> channels, BayeuxSession c, BatchReply out) {
        List<String> add = new ArrayList<>();
        for (ChannelId id : channels) {
            if (id.isService()) {
                continue; // succeeds, not recorded (section 1.5)
            }
            Optional<BayeuxFailure> denied = access.subscribe(c.clientId, id);
            if (denied.isPresent()) {
                out.fail(m, denied.get());
                return;
            }
            add.add(id.name());
        }
        Set<String> now = c.session.subscriptions();
        long fresh = add.stream().distinct().filter(n -> !now.contains(n)).count();
        if (now.size() + fresh > maxSubscriptions) {
            out.fail(m, BayeuxError.SUBSCRIBE_DENIED.failure("max_subscriptions"));
            return;
        }
        for (String name : add) {
            if (hub.subscribe(c.session, name)) {
                plugins.subscriptionChanged(c.clientId, name, true);
            }
        }
        out.add(BayeuxMessage.replyTo(m).subscription(m.subscription().orElseThrow()).successful(true).build());
    }

    /** Unsubscribes {@code c} from what {@code m} names (already checked); unknown ones succeed. */
    void unsubscribe(BayeuxMessage m, List<ChannelId> channels, BayeuxSession c, BatchReply out) {
        for (ChannelId id : channels) {
            if (hub.removeSubscription(c.session, id.name())) {
                plugins.subscriptionChanged(c.clientId, id.name(), false);
            }
        }
        out.add(BayeuxMessage.replyTo(m).subscription(m.subscription().orElseThrow()).successful(true).build());
    }
}
