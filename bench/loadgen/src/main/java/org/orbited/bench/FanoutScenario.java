package org.orbited.bench;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** N subscribers on C channels (1 for fanout), publishes at rate R for S seconds spread over the channels. */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "N subscribers on one channel; publish at R msgs/s for S s; deliveries, loss, order, latency.")
public class FanoutScenario extends ScenarioCommand {
    @Option(names = "--transport", defaultValue = "sse", converter = TransportConverter.class,
            description = "sse | websocket | xhr_stream | long-poll | bayeux-long-polling | bayeux-websocket.")
    Transport transport;

    @Option(names = "--subscribers", defaultValue = "1000", description = "Subscribers (default ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--channels", defaultValue = "1", description = "Channels (default ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--rate", defaultValue = "100", description = "Publishes per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "10", description = "Publishing seconds (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--max-messages", defaultValue = "10000000", description = "Upper bound on publishes (default ${DEFAULT-VALUE}).")
    long maxMessages;

    @Option(names = "--drain", defaultValue = "15", description = "Seconds to wait for the last deliveries (default ${DEFAULT-VALUE}).")
    double drain;

    @Option(names = "--window", defaultValue = "5000", description = "Unanswered publishes allowed per connection (default ${DEFAULT-VALUE}).")
    int window;

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public String transport() {
        return transport.label();
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Tally tally = new Tally();
        Endpoints ep = common.endpoints();
        try (Net net = new Net(common.ioThreads);
             Pools pools = common.pools(net, transport, "u", subscribers, channels, tally)) {
            return new DeliveryRun(common, net, pools, tally, subscribers, channels)
                    .run(common.publisherKind(), 1, ep::channel, rate, maxMessages, duration, window, drain);
        }
    }
}
