package org.orbited.node.plugin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;

/** Test plugin {@code throwing-test}: registers a listener on {@code /chat/**}, then throws from {@code start}. */
public final class ThrowingTestPlugin implements OrbitedPlugin {
    public static final String NAME = "throwing-test";
    public static final String MESSAGE = "throwing-test fails to start on purpose";

    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** {@code "start"}, {@code "heard"} and {@code "stop"}, in order. */
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
        context.channels().listen("/chat/**", m -> EVENTS.add("heard"));
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public void stop() {
        EVENTS.add("stop");
    }
}
