package org.orbited.bench;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Orbit-protocol throughput: M events as fast as the window allows from 1..8 pipelined app connections to K
 * browser keys ({@code k<j>, 0, /bench}) kept connected; accepted (Success) and delivered per second.
 */
@Command(name = "orbit", mixinStandardHelpOptions = true,
        description = "Orbit events/s from pipelined app connections to browser keys kept connected.")
public final class OrbitScenario extends ScenarioCommand {
    @Option(names = "--transport", defaultValue = "sse", converter = TransportConverter.class,
            description = "The browser keys' transport: sse | websocket | xhr_stream (default ${DEFAULT-VALUE}).")
    Transport transport;

    @Option(names = "--connections", defaultValue = "1", description = "App connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--keys", defaultValue = "8", description = "Browser keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--events", defaultValue = "100000", description = "Events to send (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--key-path", defaultValue = "/bench?user={user}&session=0&transport={transport}",
            description = "Browser URL of a key (default ${DEFAULT-VALUE}).")
    String keyPath;

    @Option(names = "--max-time", defaultValue = "60", description = "Seconds of sending at most (default ${DEFAULT-VALUE}).")
    double maxTime;

    @Option(names = "--window", defaultValue = "400",
            description = "Unanswered events per connection; keep under the node's session.queue_limit (default ${DEFAULT-VALUE}).")
    int window;

    @Override
    public String name() {
        return "orbit";
    }

    @Override
    public String transport() {
        return transport.label();
    }

    @Override
    public Map<String, Object> run() throws Exception {
        common.streamPath = keyPath;
        common.sample = 1; // few subscribers: time them all
        Tally tally = new Tally();
        String location = keyPath.substring(0, keyPath.contains("?") ? keyPath.indexOf('?') : keyPath.length());
        try (Net net = new Net(common.ioThreads);
             Pools pools = common.pools(net, transport, "k", keys, keys, tally)) {
            Map<String, Object> m = new DeliveryRun(common, net, pools, tally, keys, keys).run("orbit", connections,
                    k -> common.userPrefix("k") + k + ", 0, " + location, 0, events, maxTime, window, 30);
            m.put("keys", keys);
            m.put("app_connections", connections);
            return m;
        }
    }
}
