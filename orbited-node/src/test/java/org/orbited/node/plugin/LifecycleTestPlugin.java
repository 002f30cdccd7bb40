package org.orbited.node.plugin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;

/**
 * Test plugin {@code lifecycle-test}: uses no channels (so it starts on any node), records its options and the
 * threads its lifecycle ran on. Options: {@code stop = throw} makes {@code stop} throw; {@code stop = hang} makes it
 * wait (at most 60 s) until interrupted.
 */
public final class LifecycleTestPlugin implements OrbitedPlugin {
    public static final String NAME = "lifecycle-test";

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static volatile Map<String, String> options;

    public LifecycleTestPlugin() {
        INSTANCES.incrementAndGet();
    }

    /** How many instances ServiceLoader has made. */
    public static int instances() {
        return INSTANCES.get();
    }

    /** {@code "start on THREAD"}, {@code "stop on THREAD"}, {@code "stop interrupted"}, in order. */
    public static List<String> events() {
        return List.copyOf(EVENTS);
    }

    /** The options of the last start. */
    public static Map<String, String> options() {
        return options;
    }

    public static void reset() {
        EVENTS.clear();
        options = null;
    }

    private String stopMode = "";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(PluginContext context) {
        options = context.options();
        stopMode = context.options().getOrDefault("stop", "");
        EVENTS.add("start on " + Thread.currentThread().getName());
    }

    @Override
    public void stop() throws Exception {
        EVENTS.add("stop on " + Thread.currentThread().getName());
        if (stopMode.equals("throw")) {
            throw new IllegalStateException("lifecycle-test stop fails on request");
        }
        if (stopMode.equals("hang")) {
            try {
                new CountDownLatch(1).await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                EVENTS.add("stop interrupted");
            }
        }
    }
}
