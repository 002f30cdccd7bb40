package org.orbited.bridge.common.mirror;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.orbited.plugin.SubscriptionEvent;

/**
 * Which subscription names the mirror routes carry have local subscribers: from the node's
 * {@link SubscriptionEvent}s it keeps, per routed name, how many clients remain subscribed, and tells the bridge when
 * a name gains its first subscriber or loses its last, once for each route that may carry it (a bridge joins the
 * route's carrier while it has subscribed names, and leaves it when idle). Names no route carries are not kept.
 * Plugin thread only.
 */
public final class MirrorSubscriptions {
    private final MirrorRoutes routes;
    private final Map<String, Integer> subscribed = new HashMap<>();  // subscription name -> remaining, if routed

    public MirrorSubscriptions(MirrorRoutes routes) {
        this.routes = routes;
    }

    /**
     * Counts {@code e}; calls {@code firstSubscriber} for each route carrying its name when the name went from no
     * subscriber to some, {@code lastUnsubscribed} when it went from some to none.
     */
    public void onSubscription(SubscriptionEvent e, Consumer<MirrorRoutes.Route> firstSubscriber,
                               Consumer<MirrorRoutes.Route> lastUnsubscribed) {
        List<MirrorRoutes.Route> touched = routes.routesFor(e.subscription());
        if (touched.isEmpty()) {
            return;
        }
        int before = subscribed.getOrDefault(e.subscription(), 0);
        int after = e.remaining();
        if (after > 0) {
            subscribed.put(e.subscription(), after);
        } else {
            subscribed.remove(e.subscription());
        }
        for (MirrorRoutes.Route r : touched) {
            if (before == 0 && after > 0) {
                firstSubscriber.accept(r);
            } else if (before > 0 && after == 0) {
                lastUnsubscribed.accept(r);
            }
        }
    }
}
