package org.orbited.node.plugin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;

/**
 * Test plugin {@code blocking-test}: its {@code start} waits (at most 60 s) until its thread is interrupted, far
 * longer than a test's start timeout; then it tries to register a listener, as a slow plugin would.
 */
public final class BlockingTestPlugin implements OrbitedPlugin {
    public static final String NAME = "blocking-test";

    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** {@code "start"}, {@code "interrupted"}, {@code "registered late"}, {@code "heard"}, {@code "stop"}. */
    public static List<String> events() {
        return List.copyOf(EVENTS);
    }

    public static void reset() {
        EVENTS.clear();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(PluginContext context) {
        EVENTS.add("start");
        try {
            new CountDownLatch(1).await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            EVENTS.add("interrupted");
        }
        context.channels().listen("/chat/**", m -> EVENTS.add("heard"));
        EVENTS.add("registered late");
    }

    @Override
    public void stop() {
        EVENTS.add("stop");
    }
}
