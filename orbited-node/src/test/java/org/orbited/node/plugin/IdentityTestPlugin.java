package org.orbited.node.plugin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.orbited.plugin.ClientEndReason;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.ClientListener;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;

/**
 * Test plugin {@code identity-test}: watches clients and records, for each one that connects, what
 * {@code channels().client(clientId)} says of it on the plugin thread, and each end with its reason. Static,
 * thread-safe recordings; call {@link #reset()} before a test.
 */
public final class IdentityTestPlugin implements OrbitedPlugin {
    public static final String NAME = "identity-test";

    /** One connect or end the watcher saw; {@code lookedUp} is {@code client(clientId)} at that moment. */
    public record Seen(String what, ClientInfo client, ClientEndReason reason, Optional<ClientInfo> lookedUp,
                       String thread) {
    }

    private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

    public static List<Seen> seen() {
        return List.copyOf(SEEN);
    }

    public static void reset() {
        SEEN.clear();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(PluginContext context) {
        context.channels().watchClients(new ClientListener() {
            @Override
            public void onConnected(ClientInfo client) {
                SEEN.add(new Seen("connected", client, null, context.channels().client(client.clientId()),
                        Thread.currentThread().getName()));
            }

            @Override
            public void onEnded(ClientInfo client, ClientEndReason reason) {
                SEEN.add(new Seen("ended", client, reason, context.channels().client(client.clientId()),
                        Thread.currentThread().getName()));
            }
        });
    }

    @Override
    public void stop() {
    }
}
