package org.orbited.client.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.orbited.client.Channel;
import org.orbited.client.OrbitClient;
import org.orbited.client.OrbitClosedException;
import org.orbited.client.OrbitConnectException;
import org.orbited.client.Recipient;
import org.orbited.client.SendResult;

/**
 * Sends events to a cluster of orbited-nodes behind a HaloD gateway (halod.md §1, §5). The contract with
 * the gateway: route r (1..N) is app port {@code appBase + r - 1} and browser port
 * {@code browserBase + r - 1} on the gateway host; a user's route is {@link Routes#routeOf}; the admin
 * port's {@code GET /status} gives {@code version}, {@code routes}, the bases, {@code owner} and
 * {@code nodes} with their {@code role}.
 *
 * <pre>{@code
 * try (OrbitCluster orbit = OrbitCluster.builder().gatewayHost("gw.example")
 *         .statusUrl(URI.create("http://gw.example:7701/status")).build()) {
 *     String page = orbit.browserUrl("alice") + "/chat";       // where alice's page connects
 *     orbit.send(List.of(Key.of("alice", token, "/chat"), "/rooms/lobby"), "\"hi\"").join();
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Keys</b> go through their route's app port; an event whose keys fall on several routes becomes
 *       one request per app port, and the replies are merged into one {@link SendResult} shaped as the
 *       single-node client's: {@code reached} and {@code failed} in request order, {@code id} the
 *       answering requests' ids joined by commas, {@code resent} true if anything was resent or retried.</li>
 *   <li><b>Channels</b> go once to one route of each <i>active</i> node in the table (each node fans out to
 *       its own subscribers; two routes of one node would deliver twice), piggybacking on a key request
 *       to that node when there is one (one copy per session per request), the request then carrying
 *       {@code node: <id>} ({@link OrbitClient#sendToNode}). When the cached table is stale and that route now
 *       belongs to another node, that node refuses the whole request ({@code msg: request addressed to another
 *       node}) and delivers nothing; the client then reads {@code /status} again (within its rate limit) and sends
 *       the keys through their route and the channels through a route the meant node owns, until
 *       {@code retryDeadline}. So no node fans out a channel event twice, and no node's subscribers are
 *       skipped while the send reports success. They need the status URL.</li>
 *   <li><b>Moved routes.</b> When the route's owner changes, the old owner fails back what it has not
 *       flushed and closes its app connections; the {@link OrbitClient} of that port reconnects through
 *       the same port (now the new owner) and resends what was unanswered. A key that failed is sent again,
 *       backing off from 50 ms to 1 s, while its request had been resent, or its route's owner in a table
 *       fetched after the reply differs from the owner at the first send, or the route was seen changing
 *       owner within the last {@code retryDeadline} (its browsers are still reconnecting), until
 *       {@code retryDeadline} after the send.
 *       What still fails then is reported in {@code failed}, never dropped. A key of a user who is simply
 *       not connected fails at once unless its route moved recently; while {@code /status} cannot be
 *       read, a failed key cannot be told apart from a moved one and is retried until the deadline. If no request of an event got any
 *       answer, the future fails with the last exception instead.</li>
 *   <li><b>The table</b> is fetched at {@link Builder#build()} when the status URL is set, cached, refreshed
 *       when a reply carries failures or the copy is older than {@code statusMaxAge}, at most once per
 *       {@code statusMinInterval}.</li>
 *   <li><b>Threads and bounds.</b> Thread-safe. The first round is sent on the caller's thread (it may
 *       block as {@link OrbitClient#send} does); retries run on the callback executor. One daemon timer
 *       thread; the JDK HttpClient's threads for {@code /status}. At most {@code maxConnections} app
 *       connections take sends (each an {@link OrbitClient}: one reader and one timer thread), least
 *       recently used evicted first, and connections idle for {@code idleTimeout} are closed. A result
 *       arrives at the latest at {@code retryDeadline} plus the {@link OrbitClient} request timeout.</li>
 * </ul>
 */
public final class OrbitCluster implements AutoCloseable {
    private final String host;
    private final int routes;
    private final int appBase;
    private final int browserBase;
    private final String scheme;
    private final Duration retryDeadline;
    private final ObjectMapper mapper;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final GatewayStatus status;
    private final AppConnections connections;
    private final java.util.Set<ClusterSend> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private OrbitCluster(Builder b, ScheduledExecutorService timer, GatewayStatus status, RouteTable first) {
        this.host = b.host;
        this.routes = b.routes > 0 ? b.routes : first.routes();
        this.appBase = b.appBase > 0 ? b.appBase : first.appBase();
        this.browserBase = b.browserBase > 0 ? b.browserBase : first == null ? 0 : first.browserBase();
        this.scheme = b.scheme;
        this.retryDeadline = b.retryDeadline;
        this.mapper = b.mapper;
        this.executor = b.executor;
        this.timer = timer;
        this.status = status;
        this.connections = new AppConnections(host, b.maxConnections, b.idleTimeout, b.clientSettings, executor);
        long every = Math.max(1, b.idleTimeout.toMillis() / 2);
        timer.scheduleWithFixedDelay(connections::closeIdle, every, every, TimeUnit.MILLISECONDS);
    }

    /** A builder; {@link Builder#gatewayHost} is required, and either the status URL or routes and app base. */
    public static Builder builder() {
        return new Builder();
    }

    /** N, the gateway's route count. */
    public int routes() {
        return routes;
    }

    /** The route (1..N) of {@code user}, {@link Routes#routeOf}. */
    public int routeOf(String user) {
        return Routes.routeOf(user, routes);
    }

    /** The gateway's app port for {@code route}. */
    public int appPort(int route) {
        return appBase + route - 1;
    }

    /** The gateway's browser port for {@code route}. */
    public int browserPort(int route) {
        return browserBase + route - 1;
    }

    /**
     * Where {@code user}'s page connects: {@code scheme://gatewayHost:browserPort}, no trailing slash;
     * append the location ({@code /chat}). Every reconnect of that page must use the same URL.
     *
     * @throws IllegalStateException if no browser base is known (neither configured nor in /status)
     */
    public URI browserUrl(String user) {
        if (browserBase <= 0) {
            throw new IllegalStateException("no browser base port: configure browserBase or the status URL");
        }
        return URI.create(scheme + "://" + host + ":" + browserPort(routeOf(user)));
    }

    /** The cached gateway table, or null without a status URL or before the first successful fetch. */
    public RouteTable table() {
        return status == null ? null : status.current();
    }

    /** Sends {@code body} (UTF-8); see {@link #send(Collection, byte[])}. */
    public CompletableFuture<SendResult> send(Collection<?> recipients, String body) {
        return send(recipients, Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code body} verbatim to {@code recipients} through the gateway; see the class comment for
     * splitting, merging and retries. The future fails with {@link OrbitClosedException} after close and
     * with the last {@code OrbitException} when no request got an answer.
     *
     * @throws IllegalArgumentException (at once) for a bad recipient or none
     * @throws IllegalStateException (at once) for a channel recipient without a status URL
     */
    public CompletableFuture<SendResult> send(Collection<?> recipients, byte[] body) {
        List<Recipient> rs = Recipient.listOf(recipients);
        Objects.requireNonNull(body, "body");
        if (closed) {
            return CompletableFuture.failedFuture(new OrbitClosedException("cluster client is closed"));
        }
        RouteTable table = status == null ? null : status.current();
        if (rs.stream().anyMatch(r -> r instanceof Channel)) {
            if (status == null) {
                throw new IllegalStateException("a channel goes to every active node, which only the gateway's "
                        + "/status tells: configure statusUrl");
            }
            if (table == null) {
                try {
                    table = status.fetchNow();
                } catch (OrbitConnectException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        }
        long deadline = System.nanoTime() + retryDeadline.toNanos();
        ClusterSend send = new ClusterSend(this, rs, body, deadline);
        active.add(send);
        CompletableFuture<SendResult> f = send.start(table);
        f.whenComplete((r, e) -> active.remove(send));
        return f;
    }

    /** Encodes {@code value} with Jackson and sends it, as {@link OrbitClient#sendJson}. */
    public CompletableFuture<SendResult> sendJson(Collection<?> recipients, Object value) {
        try {
            return send(recipients, mapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Stops accepting sends, closes every app connection (each waiting up to 5 s for its requests), then
     * completes every send still waiting for a retry with its unreached recipients in {@code failed}.
     * Idempotent; blocks.
     */
    @Override
    public void close() {
        closed = true;
        connections.close(Duration.ofSeconds(5));
        timer.shutdownNow();
        active.forEach(ClusterSend::abort);
    }

    long retryDeadlineNanos() {
        return retryDeadline.toNanos();
    }

    AppConnections connections() {
        return connections;
    }

    GatewayStatus status() {
        return status;
    }

    Executor executor() {
        return executor;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** Settings for an {@link OrbitCluster}; not thread-safe. */
    public static final class Builder {
        private String host;
        private int routes;
        private int appBase;
        private int browserBase;
        private String scheme = "http";
        private URI statusUrl;
        private Duration retryDeadline = Duration.ofSeconds(10);
        private int maxConnections = 64;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration statusTimeout = Duration.ofSeconds(2);
        private Duration statusMinInterval = Duration.ofMillis(100);
        private Duration statusMaxAge = Duration.ofSeconds(5);
        private UnaryOperator<OrbitClient.Builder> clientSettings = UnaryOperator.identity();
        private ObjectMapper mapper = new ObjectMapper();
        private Executor executor = ForkJoinPool.commonPool();

        private Builder() {
        }

        /** The gateway's host name or address (required). */
        public Builder gatewayHost(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** N; optional with a status URL (then it must match the gateway's). */
        public Builder routes(int routes) {
            this.routes = Routes.requireRouteCount(routes);
            return this;
        }

        /** The app port of route 1; optional with a status URL. */
        public Builder appBase(int port) {
            this.appBase = port(port);
            return this;
        }

        /** The browser port of route 1, for {@link #browserUrl}; optional with a status URL. */
        public Builder browserBase(int port) {
            this.browserBase = port(port);
            return this;
        }

        /** The scheme of {@link #browserUrl} (default {@code http}). */
        public Builder browserScheme(String scheme) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            return this;
        }

        /** The gateway's {@code /status} URL on its admin port; needed for channels and for moved-route detection. */
        public Builder statusUrl(URI url) {
            this.statusUrl = Objects.requireNonNull(url, "statusUrl");
            return this;
        }

        /** How long a recipient whose route moved keeps being retried (default 10 s). */
        public Builder retryDeadline(Duration d) {
            this.retryDeadline = positive("retryDeadline", d);
            return this;
        }

        /** App connections kept at most (default 64). */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections " + max + " must be at least 1");
            }
            this.maxConnections = max;
            return this;
        }

        /** An app connection unused this long, with nothing in flight, is closed (default 60 s). */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = positive("idleTimeout", d);
            return this;
        }

        /** HTTP connect and request timeout for {@code /status} (default 2 s). */
        public Builder statusTimeout(Duration d) {
            this.statusTimeout = positive("statusTimeout", d);
            return this;
        }

        /** Least time between two {@code /status} requests (default 100 ms). */
        public Builder statusMinInterval(Duration d) {
            this.statusMinInterval = positive("statusMinInterval", d);
            return this;
        }

        /** A cached table older than this is refreshed at the next send (default 5 s). */
        public Builder statusMaxAge(Duration d) {
            this.statusMaxAge = positive("statusMaxAge", d);
            return this;
        }

        /** Settings for each app port's {@link OrbitClient} (timeouts, in-flight bound); host and port are set after. */
        public Builder clientSettings(UnaryOperator<OrbitClient.Builder> settings) {
            this.clientSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The Jackson mapper of {@link OrbitCluster#sendJson}. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** Where retries run and futures complete (default the common pool). */
        public Builder callbackExecutor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The cluster client. With a status URL it reads {@code /status} now (blocking up to twice the status
         * timeout); that may fail only when routes or the app base were left to it.
         *
         * @throws IllegalStateException if settings are missing or disagree with the gateway's table
         * @throws OrbitConnectException if {@code /status} was needed and could not be read
         */
        public OrbitCluster build() {
            if (host == null) {
                throw new IllegalStateException("gatewayHost is required");
            }
            boolean complete = routes > 0 && appBase > 0;
            if (statusUrl == null && !complete) {
                throw new IllegalStateException("set routes and appBase, or statusUrl to learn them from the gateway");
            }
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "orbit-cluster-timer " + host);
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            GatewayStatus status = statusUrl == null ? null
                    : new GatewayStatus(statusUrl, statusTimeout, statusMinInterval, statusMaxAge, timer);
            RouteTable first = null;
            if (status != null) {
                try {
                    first = status.fetchNow();
                } catch (OrbitConnectException e) {
                    if (!complete) {
                        timer.shutdownNow();
                        throw e;
                    }
                }
            }
            if (first != null) {
                check("routes", routes, first.routes(), timer);
                check("appBase", appBase, first.appBase(), timer);
                check("browserBase", browserBase, first.browserBase(), timer);
            }
            return new OrbitCluster(this, timer, status, first);
        }

        private static void check(String what, int configured, int reported, ScheduledExecutorService timer) {
            if (configured > 0 && configured != reported) {
                timer.shutdownNow();
                throw new IllegalStateException(what + " is configured as " + configured + " but the gateway reports "
                        + reported);
            }
        }

        private static int port(int p) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " is not between 1 and 65535");
            }
            return p;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " " + d + " must be positive");
            }
            return d;
        }
    }
}
