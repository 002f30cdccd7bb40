package org.orbited.node.plugin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.PublishedMessage;
import org.orbited.plugin.SubscriptionEvent;

/**
 * Test plugin {@code echo-test}, switched on by {@code [plugin:echo-test]} with {@code active = 1}; on the test class
 * path of every test in this module (META-INF/services) but started only where a test configures it.
 *
 * <ul>
 *   <li>{@code /service/echo}: replies {@code {"echo": <request data>}} to the requester.</li>
 *   <li>{@code listen("/chat/**")}: records every publication it hears in {@link #heard()}, with the thread it ran
 *       on. A publication whose data has {@code "throw": true} is recorded and then makes the listener throw.</li>
 *   <li>{@code watchSubscriptions("/chat/**")}: records every event in {@link #subscriptions()}.</li>
 * </ul>
 * The recordings are static (the node creates the instance) and thread-safe; call {@link #reset()} before a test.
 */
public final class EchoTestPlugin implements OrbitedPlugin {
    public static final String NAME = "echo-test";
    public static final String SERVICE = "/service/echo";
    public static final String CHANNELS = "/chat/**";

    /** One publication the listener heard and the thread it heard it on. */
    public record Heard(PublishedMessage message, String thread) {
    }

    private static final List<Heard> HEARD = new CopyOnWriteArrayList<>();
    private static final List<SubscriptionEvent> SUBSCRIPTIONS = new CopyOnWriteArrayList<>();
    private static final List<String> LIFECYCLE = new CopyOnWriteArrayList<>();
    private static final AtomicInteger IN_CALLBACK = new AtomicInteger();
    private static final AtomicInteger MAX_IN_CALLBACK = new AtomicInteger();
    private static volatile PluginContext context;

    /** Publications heard on {@code /chat/**}, in the order heard. */
    public static List<Heard> heard() {
        return List.copyOf(HEARD);
    }

    /** Subscription events seen on {@code /chat/**}. */
    public static List<SubscriptionEvent> subscriptions() {
        return List.copyOf(SUBSCRIPTIONS);
    }

    /** {@code "start on THREAD"} and {@code "stop on THREAD"} entries, in order. */
    public static List<String> lifecycle() {
        return List.copyOf(LIFECYCLE);
    }

    /** The most callbacks that ever ran at the same time (1 when the executor is serial). */
    public static int maxConcurrentCallbacks() {
        return MAX_IN_CALLBACK.get();
    }

    /** The context of the last start, or null. */
    public static PluginContext context() {
        return context;
    }

    public static void reset() {
        HEARD.clear();
        SUBSCRIPTIONS.clear();
        LIFECYCLE.clear();
        MAX_IN_CALLBACK.set(0);
        context = null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(PluginContext ctx) {
        LIFECYCLE.add("start on " + Thread.currentThread().getName());
        context = ctx;
        ctx.channels().handleService(SERVICE, r -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("echo", r.data());
            r.reply(answer);
        });
        ctx.channels().listen(CHANNELS, m -> {
            int now = IN_CALLBACK.incrementAndGet();
            MAX_IN_CALLBACK.accumulateAndGet(now, Math::max);
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.yield(); // widen the window in which a second, concurrent call would be seen
                }
                HEARD.add(new Heard(m, Thread.currentThread().getName()));
                if (m.data().path("throw").asBoolean(false)) {
                    throw new IllegalStateException("echo-test throws on request");
                }
            } finally {
                IN_CALLBACK.decrementAndGet();
            }
        });
        ctx.channels().watchSubscriptions(CHANNELS, SUBSCRIPTIONS::add);
    }

    @Override
    public void stop() {
        LIFECYCLE.add("stop on " + Thread.currentThread().getName());
    }
}
