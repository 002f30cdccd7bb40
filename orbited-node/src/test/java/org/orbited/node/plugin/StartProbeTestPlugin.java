package org.orbited.node.plugin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;

/**
 * Test plugin {@code start-probe-test}: in {@code start} it tries to connect to 127.0.0.1 on the port named by its
 * option {@code probe.port} (the node's HTTP port) and records {@code "refused"} or {@code "accepted"}, so a test can
 * tell whether browsers could reach the node before its plugins had started.
 */
public final class StartProbeTestPlugin implements OrbitedPlugin {
    public static final String NAME = "start-probe-test";

    private static final List<String> PROBES = new CopyOnWriteArrayList<>();

    public static List<String> probes() {
        return List.copyOf(PROBES);
    }

    public static void reset() {
        PROBES.clear();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(PluginContext context) {
        int port = Integer.parseInt(context.options().get("probe.port"));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            PROBES.add("accepted");
        } catch (IOException e) {
            PROBES.add("refused");
        }
    }

    @Override
    public void stop() {
    }
}
