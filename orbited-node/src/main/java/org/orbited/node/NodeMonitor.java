package org.orbited.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.orbited.node.core.Hub;
import org.orbited.node.core.HubStats;
import org.orbited.node.core.Scheduler;
import org.orbited.node.http.NodeEndpoints;
import org.orbited.node.orbit.OrbitStats;
import org.orbited.node.plugin.PluginStatus;

/**
 * {@code /_/status} (JSON) and {@code /_/metrics} (Prometheus, through Micrometer). Rates are sampled
 * once a second on the timer, so serving either endpoint costs no more than reading counters.
 */
final class NodeMonitor implements NodeEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String version;
    private final Hub hub;
    private final OrbitStats orbit;
    private final IntSupplier orbitConnections;
    private final long startedNanos = System.nanoTime();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> registeredTransports = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;
    private volatile Supplier<List<PluginStatus>> plugins = List::of;
    private volatile Supplier<org.orbited.node.cluster.HaloLinkAdapter.LinkStatus> cluster;
    private volatile Iterable<io.netty.channel.Channel> browserChannels = List.of();
    private volatile String ioTransport = "";
    private volatile double inPerSecond;
    private volatile double outPerSecond;
    private long lastIn;
    private long lastOut;
    private long lastSample = System.nanoTime();

    private final org.orbited.node.bayeux.BayeuxServer bayeux;

    NodeMonitor(String version, Hub hub, OrbitStats orbit, IntSupplier orbitConnections, Scheduler scheduler,
                org.orbited.node.bayeux.BayeuxServer bayeux) {
        this.bayeux = bayeux;
        this.version = version;
        this.hub = hub;
        this.orbit = orbit;
        this.orbitConnections = orbitConnections;
        HubStats s = hub.stats();
        Gauge.builder("orbited.sessions", hub, Hub::sessionCount).description("sessions (connected or in grace)")
                .register(registry);
        Gauge.builder("orbited.channels", hub, Hub::channelCount).description("channels with subscribers")
                .register(registry);
        Gauge.builder("orbited.queued.events", hub, Hub::queuedEvents).description("events waiting to be written")
                .register(registry);
        Gauge.builder("orbited.orbit.connections", orbitConnections, IntSupplier::getAsInt)
                .description("open Orbit-protocol connections").register(registry);
        if (bayeux != null) {
            var b = bayeux;
            Gauge.builder("orbited.bayeux.sessions", b, org.orbited.node.bayeux.BayeuxServer::sessionCount)
                    .description("Bayeux sessions").register(registry);
            Gauge.builder("orbited.subscriptions", hub, Hub::subscriptionCount)
                    .description("channel subscriptions (Bayeux and Orbit browsers)").register(registry);
            FunctionCounter.builder("orbited.bayeux.messages.in", b.stats(),
                    org.orbited.node.bayeux.BayeuxStats::messagesIn).description("Bayeux messages received")
                    .register(registry);
            FunctionCounter.builder("orbited.bayeux.messages.out", b.stats(),
                    org.orbited.node.bayeux.BayeuxStats::messagesOut).description("Bayeux replies and deliveries sent")
                    .register(registry);
            FunctionCounter.builder("orbited.bayeux.handshakes", b.stats(),
                    org.orbited.node.bayeux.BayeuxStats::handshakes).description("Bayeux handshakes accepted")
                    .register(registry);
            FunctionCounter.builder("orbited.bayeux.bad.requests", b.stats(),
                    org.orbited.node.bayeux.BayeuxStats::badRequests)
                    .description("Bayeux requests refused with an HTTP error or close code").register(registry);
        }
        FunctionCounter.builder("orbited.events.queued", s, HubStats::eventsQueued)
                .description("event copies queued into sessions").register(registry);
        FunctionCounter.builder("orbited.events.written", s, HubStats::eventsWritten)
                .description("event copies fully written to browsers").register(registry);
        FunctionCounter.builder("orbited.events.failed", s, HubStats::eventsFailed)
                .description("event copies that failed").register(registry);
        FunctionCounter.builder("orbited.slow.consumers", s, HubStats::slowConsumers)
                .description("sessions ended as slow consumers").register(registry);
        FunctionCounter.builder("orbited.orbit.requests", orbit, OrbitStats::requestsIn)
                .description("Orbit requests received").register(registry);
        FunctionCounter.builder("orbited.orbit.malformed", orbit, OrbitStats::malformedIn)
                .description("malformed Orbit requests").register(registry);
        FunctionCounter.builder("orbited.orbit.replies", orbit, OrbitStats::repliesOut)
                .description("Orbit replies written").register(registry);
        Gauge.builder("orbited.orbit.pending.bytes", orbit, OrbitStats::pendingBytes).baseUnit("bytes")
                .description("bytes held for Orbit requests still arriving (op.max_pending_bytes)").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        sample(scheduler);
    }

    private void sample(Scheduler scheduler) {
        long now = System.nanoTime();
        long in = orbit.requestsIn();
        long out = hub.stats().eventsWritten();
        double secs = Math.max(1e-3, (now - lastSample) / 1e9);
        inPerSecond = (in - lastIn) / secs;
        outPerSecond = (out - lastOut) / secs;
        lastIn = in;
        lastOut = out;
        lastSample = now;
        for (String t : hub.stats().connectionsByTransport().keySet()) {
            if (registeredTransports.add(t)) {
                Gauge.builder("orbited.connections", hub.stats(),
                                st -> st.connectionsByTransport().getOrDefault(t, 0L))
                        .tag("transport", t).description("open browser connections").register(registry);
            }
        }
        if (!shuttingDown) {
            scheduler.schedule(() -> sample(scheduler), 1, TimeUnit.SECONDS);
        }
    }

    /** Where {@code /_/status} reads the plugins' states from, once the plugin host exists. */
    void plugins(Supplier<List<PluginStatus>> statuses) {
        plugins = statuses;
    }

    /** Where {@code /_/status} reads its {@code cluster} object from, once the HaloD link runs. */
    void cluster(Supplier<org.orbited.node.cluster.HaloLinkAdapter.LinkStatus> status) {
        cluster = status;
    }

    /** The HTTP port's open connections, for the {@code http} figures of {@code /_/status}. */
    void browserChannels(Iterable<io.netty.channel.Channel> channels) {
        browserChannels = channels;
    }

    /** The Netty I/O transport the node runs on ({@code io_transport} in {@code /_/status}). */
    void ioTransport(String name) {
        ioTransport = name;
    }

    void beginShutdown() {
        shuttingDown = true;
    }

    @Override
    public boolean shuttingDown() {
        return shuttingDown;
    }

    @Override
    public byte[] statusJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", "orbited-node");
        root.put("version", version);
        root.put("uptime_seconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        root.put("io_transport", ioTransport);
        root.put("shutting_down", shuttingDown);
        ObjectNode conns = root.putObject("connections");
        long total = 0;
        for (var e : hub.stats().connectionsByTransport().entrySet()) {
            if (e.getValue() > 0) {
                conns.put(e.getKey(), e.getValue());
                total += e.getValue();
            }
        }
        root.put("connections_total", total);
        root.put("sessions", hub.sessionCount());
        root.put("channels", hub.channelCount());
        root.put("queued_events", hub.queuedEvents());
        ObjectNode events = root.putObject("events");
        events.put("in_per_second", Math.round(inPerSecond * 10) / 10.0);
        events.put("out_per_second", Math.round(outPerSecond * 10) / 10.0);
        events.put("queued_total", hub.stats().eventsQueued());
        events.put("written_total", hub.stats().eventsWritten());
        events.put("failed_total", hub.stats().eventsFailed());
        events.put("slow_consumers_total", hub.stats().slowConsumers());
        ObjectNode op = root.putObject("orbit");
        op.put("connections", orbitConnections.getAsInt());
        op.put("requests_total", orbit.requestsIn());
        op.put("malformed_total", orbit.malformedIn());
        op.put("replies_total", orbit.repliesOut());
        ObjectNode http = root.putObject("http");
        int browsers = 0;
        long largestBacklog = 0;
        for (io.netty.channel.Channel ch : browserChannels) {
            browsers++;
            // bytes written to the channel and not yet taken by the socket (a volatile read: any thread may ask)
            io.netty.channel.ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
            if (out != null) {
                largestBacklog = Math.max(largestBacklog, out.totalPendingWriteBytes());
            }
        }
        http.put("connections", browsers);
        http.put("largest_write_backlog_bytes", largestBacklog);
        if (bayeux != null) {
            ObjectNode b = root.putObject("bayeux");
            b.put("sessions", bayeux.sessionCount());
            b.put("parked_connects", bayeux.parkedConnects());
            b.put("channels", hub.channelCount());
            b.put("subscriptions", hub.subscriptionCount());
            b.put("messages_in_total", bayeux.stats().messagesIn());
            b.put("messages_out_total", bayeux.stats().messagesOut());
            b.put("handshakes_total", bayeux.stats().handshakes());
            b.put("sessions_ended_total", bayeux.stats().sessionsEnded());
            b.put("bad_requests_total", bayeux.stats().badRequests());
        }
        Supplier<org.orbited.node.cluster.HaloLinkAdapter.LinkStatus> cs = cluster;
        if (cs != null) {
            org.orbited.node.cluster.HaloLinkAdapter.LinkStatus c = cs.get();
            ObjectNode o = root.putObject("cluster");
            o.put("node_name", c.nodeName());
            o.put("id", c.id());
            o.put("role", c.role());
            o.put("owned_routes", c.owned().size());
            ArrayNode owned = o.putArray("owned");
            c.owned().forEach(owned::add);
            o.put("link", c.link());
            ArrayNode gw = o.putArray("gateways");
            c.gateways().forEach(gw::add);
            o.put("applied_version", c.appliedVersion());
            o.put("fences_total", c.fences());
        }
        ArrayNode pl = root.putArray("plugins");
        for (PluginStatus p : plugins.get()) {
            ObjectNode o = pl.addObject().put("name", p.name()).put("state", p.state().name())
                    .put("dropped_tasks", p.droppedTasks());
            if (p.failure() != null) {
                o.put("failure", p.failure());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String metricsText() {
        return registry.scrape();
    }
}
