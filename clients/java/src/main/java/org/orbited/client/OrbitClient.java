package org.orbited.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends events to an orbited-node (or any Orbited 0.1-0.3 daemon) over the Orbit protocol.
 *
 * <pre>{@code
 * try (OrbitClient orbit = OrbitClient.builder().host("127.0.0.1").port(9000).build()) {
 *     SendResult r = orbit.sendJson(List.of(Key.of("alice", token, "/chat"), "/rooms/lobby"),
 *             Map.of("text", "hi")).join();
 *     r.failed();   // keys with no browser connected, expired, or past the node's deadline
 * }
 * }</pre>
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>One pipelined connection, thread-safe.</b> Any number of threads may call the send
 *       methods at once. Requests are written back to back on one TCP connection, each with the next
 *       id of that connection (a decimal counter from 1), and the node's replies, which may overtake
 *       each other, are matched by id. Unknown reply headers are ignored.</li>
 *   <li><b>Plain JDK sockets, no Netty.</b> The client is meant to live inside web applications, which
 *       often bring their own (and a different) Netty, Jetty or Reactor; depending on nothing but the JDK
 *       and Jackson databind (for {@link #sendJson}) means no dependency clash. Each connection costs two
 *       daemon threads: a writer, which writes every request gathered since its last write with one
 *       socket write (the caller only encodes its request into the connection's buffer), and a reader;
 *       one daemon timer thread handles timeouts and reconnects.</li>
 *   <li><b>Bounded in flight.</b> At most {@code maxInFlight} requests wait for replies. When all
 *       slots are taken, {@link #send} <i>blocks the caller</i> until one frees, for at most the request
 *       timeout (then the future fails with {@link OrbitTimeoutException}); {@link #trySend} never blocks
 *       and fails with {@link OrbitBackpressureException} instead. Nothing is ever buffered without
 *       bound: blocking the producer is what keeps a slow or stalled node from growing the app's
 *       memory. The bytes not yet written are bounded the same way: each belongs to a request holding a
 *       slot. A caller never waits for the socket itself.</li>
 *   <li><b>At-least-once with one resend.</b> When the connection breaks, every request written on it
 *       and not yet answered is written again, with the same bytes and a fresh id of the new
 *       connection, once the client has reconnected (backing off from 50 ms, doubling, up to 2 s,
 *       for at most {@code reconnectAttempts} tries). Its {@link SendResult#resent()} is then
 *       {@code true}, and the browser may have received the first copy too. A request whose second
 *       connection also breaks fails with {@link OrbitConnectException}. Requests sent while the client
 *       is reconnecting wait for the new connection (still bounded by {@code maxInFlight} and their
 *       timeout). A send with no connection and no reconnect in progress connects on the caller's
 *       thread and fails at once with {@link OrbitConnectException} if the node is unreachable.</li>
 *   <li><b>Timeouts.</b> Each request fails with {@link OrbitTimeoutException} when no reply arrived
 *       within the request timeout (default 35 s: the node's {@code event.deadline} of 30 s plus 5 s,
 *       so a healthy node has always answered first).</li>
 *   <li><b>Callbacks.</b> Futures are completed on the callback executor (default
 *       {@link ForkJoinPool#commonPool()}), never on the reader thread, so a callback that blocks or
 *       sends again cannot stall reply reading. They are handed over in bursts: one executor task
 *       completes the futures of many replies, and another is queued whenever more wait, so a blocking
 *       callback holds up no other future (only if the executor rejects tasks, being shut down, are
 *       futures completed on the thread that finished them).</li>
 *   <li><b>Protocol errors.</b> Bytes that are not an Orbit reply fail every request waiting on that
 *       connection with {@link OrbitProtocolException} and close it (no resend). An {@code Error}
 *       reply carries no id; it means the node could not frame one of this connection's requests, so
 *       the same happens with {@link OrbitRequestException}.</li>
 * </ul>
 */
public final class OrbitClient implements AutoCloseable {
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 2000;
    /** Dead connections in a row after which {@link #dispatch} fails a request instead of connecting again. */
    static final int MAX_DEAD_CONNECTIONS = 3;

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxInFlight;
    private final int reconnectAttempts;
    private final ObjectMapper mapper;
    private final Semaphore slots;
    private final ScheduledExecutorService timer;
    private final Outstanding outstanding;
    private final Completer completer;
    private final PendingRequest.Hooks hooks;
    private final Connection.Listener listener = new ConnectionEvents();

    private final Object lock = new Object();
    private final Object connectLock = new Object();
    private Connection current; // guarded by lock
    private boolean reconnecting; // guarded by lock
    private final Deque<PendingRequest> waiting = new ArrayDeque<>(); // guarded by lock
    private volatile boolean closing;
    private volatile boolean closed;

    private OrbitClient(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxInFlight = b.maxInFlight;
        this.reconnectAttempts = b.reconnectAttempts;
        this.mapper = b.mapper != null ? b.mapper : new ObjectMapper();
        this.slots = new Semaphore(b.maxInFlight, true);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "orbit-client-timer " + b.host + ":" + b.port);
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        this.completer = new Completer(b.callbacks);
        this.outstanding = new Outstanding(requestTimeout.toNanos(), timer, p -> p.fail(new OrbitTimeoutException(
                "no reply to request " + p.idText() + " from " + host + ":" + port + " within " + requestTimeout)));
        this.hooks = new PendingRequest.Hooks() {
            @Override
            public void finished(PendingRequest p) {
                outstanding.remove(p);
                slots.release();
            }

            @Override
            public Completer completer() {
                return completer;
            }
        };
    }

    /** A builder with the defaults {@code localhost:9000}, 5 s connect, 35 s request timeout, 1000 in flight. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the connection now instead of at the first send, so that a misconfigured address shows at
     * startup. Does nothing if connected. Blocks up to the connect timeout.
     *
     * @throws OrbitConnectException if the node cannot be reached
     * @throws OrbitClosedException if the client is closed
     */
    public void connect() {
        if (closing) {
            throw new OrbitClosedException("client to " + host + ":" + port + " is closed");
        }
        connectOrCurrent();
    }

    /**
     * Sends {@code body} verbatim (UTF-8) to {@code recipients}. See {@link #send(Collection, byte[])}.
     *
     * @param recipients {@link Recipient}s, or strings in wire form ({@code "user, session, /loc"},
     *     {@code "/channel"})
     */
    public CompletableFuture<SendResult> send(Collection<?> recipients, String body) {
        return send(recipients, Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), 0, false);
    }

    /**
     * Sends {@code body} verbatim to {@code recipients}; the future completes with the node's answer.
     * Thread-safe. Blocks the caller only while all {@code maxInFlight} slots are taken (up to the
     * request timeout) and, if there is no connection, for the connect. The body is copied, so the caller
     * may reuse its array once this returns.
     *
     * <p>The future fails with {@link OrbitTimeoutException} (no slot or no reply in time),
     * {@link OrbitConnectException}, {@link OrbitProtocolException}, {@link OrbitRequestException} or
     * {@link OrbitClosedException}. A {@code Failure} reply listing recipients is <i>not</i> an
     * exception: the result names the {@link SendResult#failed()} ones.
     *
     * @param recipients {@link Recipient}s or wire-form strings; duplicates are sent once
     * @throws IllegalArgumentException (immediately) naming a recipient that is invalid, or if there is none
     */
    public CompletableFuture<SendResult> send(Collection<?> recipients, byte[] body) {
        return send(recipients, body, 0, true);
    }

    /**
     * The {@code msg:} of the {@code Failure} with which a node behind a HaloD gateway refuses a request
     * {@linkplain #sendToNode addressed} to another node (docs/protocol.md, "Addressed node"); the future of such a
     * request fails with an {@link OrbitRequestException} whose {@link OrbitRequestException#nodeMessage()} is this.
     */
    public static final String NOT_ADDRESSED_NODE = "request addressed to another node";

    /**
     * {@link #send(Collection, byte[])} with the HaloD cluster extension's {@code node: <nodeId>} header: the request
     * is meant for the node with that gateway id only. A node behind a gateway with another id delivers nothing and
     * answers {@code Failure} / {@code msg: request addressed to another node}: the future then fails with an
     * {@link OrbitRequestException} whose {@link OrbitRequestException#nodeMessage()} is {@link #NOT_ADDRESSED_NODE}
     * (the route moved: read the gateway's table again). A node without a gateway, and an Orbited 0.1-0.3 daemon,
     * ignore the header and deliver. Used by {@code OrbitCluster} for channel parts; blocks as {@code send} does.
     *
     * @param nodeId the gateway's id of the node (positive)
     * @throws IllegalArgumentException (immediately) for a bad recipient, none, or a node id below 1
     */
    public CompletableFuture<SendResult> sendToNode(int nodeId, Collection<?> recipients, byte[] body) {
        if (nodeId < 1) {
            throw new IllegalArgumentException("node id " + nodeId + " must be positive");
        }
        return send(recipients, body, nodeId, true);
    }

    /** @param copy whether {@code body} is the caller's array, which it may change once we return */
    private CompletableFuture<SendResult> send(Collection<?> recipients, byte[] body, int nodeId, boolean copy) {
        List<Recipient> rs = Recipient.listOf(recipients);
        Objects.requireNonNull(body, "body");
        if (closing) {
            return CompletableFuture.failedFuture(new OrbitClosedException("client to " + host + ":" + port + " is closed"));
        }
        try {
            // A free slot is taken at once, even with threads queued for one: handing slots strictly in turn
            // put every waiting sender to sleep after each single request (a context switch per event with
            // four senders). Queued senders still get slots as they free up, within their timeout.
            if (!slots.tryAcquire() && !slots.tryAcquire(requestTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return CompletableFuture.failedFuture(new OrbitTimeoutException("all " + maxInFlight
                        + " in-flight slots stayed taken for " + requestTimeout + "; request not sent"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new OrbitException("interrupted while waiting for an in-flight slot", e));
        }
        return start(rs, copy ? body.clone() : body, nodeId);
    }

    /**
     * Like {@link #send(Collection, byte[])} but never waits for a slot: when all {@code maxInFlight}
     * requests are unanswered, the returned future has already failed with
     * {@link OrbitBackpressureException} and nothing was sent.
     */
    public CompletableFuture<SendResult> trySend(Collection<?> recipients, byte[] body) {
        return trySend(recipients, body, true);
    }

    private CompletableFuture<SendResult> trySend(Collection<?> recipients, byte[] body, boolean copy) {
        List<Recipient> rs = Recipient.listOf(recipients);
        Objects.requireNonNull(body, "body");
        if (closing) {
            return CompletableFuture.failedFuture(new OrbitClosedException("client to " + host + ":" + port + " is closed"));
        }
        if (!slots.tryAcquire()) {
            return CompletableFuture.failedFuture(new OrbitBackpressureException(
                    "all " + maxInFlight + " in-flight slots are taken; request not sent"));
        }
        return start(rs, copy ? body.clone() : body, 0);
    }

    /** {@link #trySend(Collection, byte[])} with a UTF-8 string body. */
    public CompletableFuture<SendResult> trySend(Collection<?> recipients, String body) {
        return trySend(recipients, Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), false);
    }

    /**
     * Encodes {@code value} as JSON with Jackson and sends it, as pyorbited's
     * {@code event(recipients, body, json=True)} did: a {@code String} becomes a JSON string literal,
     * a {@code Map} or bean an object. Otherwise as {@link #send(Collection, byte[])}.
     *
     * @throws IllegalArgumentException if Jackson cannot encode {@code value}
     */
    public CompletableFuture<SendResult> sendJson(Collection<?> recipients, Object value) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
        return send(recipients, json, 0, false);
    }

    /**
     * Publishes {@code data} to a channel: every Bayeux (CometD) client subscribed to it or to a matching
     * pattern ({@code /chat/*}, {@code /chat/**}) receives {@code {"data": <data as JSON>, "channel": channel}},
     * and every browser subscribed with {@code channel=} on an Orbit transport receives the JSON text. The
     * future completes once the node has queued the fan-out (a channel counts as reached even with no
     * subscribers). {@code data} is encoded with Jackson as in {@link #sendJson}; pass a Jackson
     * {@code JsonNode} or a {@code String} of JSON wrapped in {@code mapper.readTree} to send JSON as it is.
     *
     * @param channel a Bayeux channel name such as {@code /chat/room1}: no wildcard; the node refuses names
     *                outside the Bayeux grammar for Bayeux subscribers (they simply match nobody)
     * @throws IllegalArgumentException for a bad channel name or data Jackson cannot encode
     */
    public CompletableFuture<SendResult> publish(String channel, Object data) {
        Channel c = Channel.of(channel);
        if (channel.endsWith("/*") || channel.endsWith("/**")) {
            throw new IllegalArgumentException("cannot publish to the pattern \"" + channel + "\"; name one channel");
        }
        return sendJson(java.util.List.of(c), data);
    }

    /**
     * Blocking convenience: {@link #send(Collection, String)} and wait for the answer (at most the
     * request timeout, plus the time spent waiting for a slot).
     *
     * @throws OrbitException the failure the future would have carried
     */
    public SendResult sendAndWait(Collection<?> recipients, String body) {
        CompletableFuture<SendResult> f = send(recipients, body);
        try {
            return f.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OrbitException oe) {
                throw oe;
            }
            throw new OrbitException("send failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new OrbitTimeoutException("no answer within " + requestTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrbitException("interrupted while waiting for the reply", e);
        }
    }

    /** Requests sent and not yet finished (answered, failed or timed out). */
    public int inFlight() {
        return maxInFlight - slots.availablePermits();
    }

    /** Closes gracefully, waiting up to the request timeout; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(requestTimeout);
    }

    /**
     * Stops accepting sends (they fail with {@link OrbitClosedException}), waits up to {@code wait}
     * for the outstanding requests to be answered, then closes the connection and fails what is
     * left with {@link OrbitClosedException}. Idempotent; blocks the caller.
     */
    public void close(Duration wait) {
        closing = true;
        try {
            outstanding.awaitEmpty(wait.toNanos()); // what is left is failed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c;
        List<PendingRequest> left;
        synchronized (lock) {
            closed = true;
            c = current;
            current = null;
            left = new ArrayList<>(waiting);
            waiting.clear();
        }
        if (c != null) {
            left.addAll(c.shutdown());
        }
        left.addAll(outstanding.snapshot());
        for (PendingRequest p : left) {
            p.fail(new OrbitClosedException("client closed before request " + p.idText() + " was answered"));
        }
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "OrbitClient[" + host + ":" + port + ", in flight " + inFlight() + "/" + maxInFlight + "]";
    }

    // ---------------------------------------------------------------------------------------------

    private CompletableFuture<SendResult> start(List<Recipient> rs, byte[] body, int nodeId) {
        PendingRequest p = new PendingRequest(rs, body, nodeId, hooks);
        try {
            outstanding.add(p); // its deadline: the timer fails it when no reply came in time
        } catch (java.util.concurrent.RejectedExecutionException e) {
            p.fail(new OrbitClosedException("client to " + host + ":" + port + " is closed"));
            return p.future;
        }
        dispatch(p);
        return p.future;
    }

    /**
     * Writes {@code p} on the current connection, connecting first if needed, or parks it for the reconnect. A
     * connection found dead (the peer closed it before it was even installed as the current one, as a gateway does on
     * a route without a live owner) is dropped so that the next attempt opens a fresh one; after
     * {@value #MAX_DEAD_CONNECTIONS} such connections in a row the request fails with {@link OrbitConnectException}.
     * Never loops without a connect attempt in between, so it never spins.
     */
    private void dispatch(PendingRequest p) {
        int dead = 0;
        while (!p.isDone()) {
            Connection c;
            synchronized (lock) {
                if (closed) {
                    p.fail(new OrbitClosedException("client to " + host + ":" + port + " is closed"));
                    return;
                }
                if (reconnecting) {
                    waiting.add(p);
                    return;
                }
                c = current;
            }
            if (c == null) {
                try {
                    c = connectOrCurrent();
                } catch (OrbitException e) {
                    p.fail(e);
                    return;
                }
                if (c == null) {
                    continue; // a reconnect began meanwhile
                }
            }
            if (c.submit(p)) {
                return;
            }
            synchronized (lock) {
                if (current == c) {
                    current = null; // dead before its loss was reported against it: never hand it out again
                }
            }
            if (++dead >= MAX_DEAD_CONNECTIONS) {
                p.fail(new OrbitConnectException("connections to " + host + ":" + port + " were closed by the peer "
                        + dead + " times in a row before request " + (p.id == 0 ? "" : p.idText() + " ")
                        + "could be written", null));
                return;
            }
        }
    }

    /** The current connection, opening one if there is none; null if a reconnect is in progress. */
    private Connection connectOrCurrent() {
        synchronized (connectLock) {
            synchronized (lock) {
                if (reconnecting) {
                    return null;
                }
                if (current != null) {
                    return current;
                }
            }
            Connection c = Connection.open(host, port, (int) connectTimeout.toMillis(), listener);
            synchronized (lock) {
                if (!closed) {
                    current = c;
                    return c;
                }
            }
            c.shutdown();
            throw new OrbitClosedException("client to " + host + ":" + port + " is closed");
        }
    }

    private void connectionLost(Connection c, IOException cause) {
        synchronized (lock) {
            if (current == c) {
                current = null;
            }
        }
        List<PendingRequest> retry = new ArrayList<>();
        for (PendingRequest p : c.shutdown()) {
            if (closed) {
                p.fail(new OrbitClosedException("client closed before request " + p.idText() + " was answered"));
            } else if (p.writes >= 2) {
                p.fail(new OrbitConnectException("connection to " + c.peer() + " lost again before request " + p.idText()
                        + " (already resent once) was answered: " + cause.getMessage(), cause));
            } else {
                p.resent = true;
                retry.add(p);
            }
        }
        if (retry.isEmpty()) {
            return;
        }
        synchronized (lock) {
            waiting.addAll(retry);
            if (!reconnecting) {
                reconnecting = true;
                schedule(() -> reconnect(0, cause), 0);
            }
        }
    }

    private void reconnect(int attempt, Throwable lastCause) {
        Connection c;
        try {
            c = closed ? null : Connection.open(host, port, (int) connectTimeout.toMillis(), listener);
        } catch (OrbitConnectException e) {
            if (attempt + 1 < reconnectAttempts) {
                long delay = Math.min(FIRST_BACKOFF_MILLIS << attempt, MAX_BACKOFF_MILLIS);
                schedule(() -> reconnect(attempt + 1, e), delay);
                return;
            }
            failWaiting(new OrbitConnectException("connection to " + host + ":" + port + " lost and "
                    + reconnectAttempts + " reconnect attempts failed: " + e.getMessage(), e));
            return;
        }
        List<PendingRequest> batch;
        synchronized (lock) {
            reconnecting = false;
            if (c == null || closed) {
                batch = null;
            } else {
                current = c;
                batch = new ArrayList<>(waiting);
                waiting.clear();
            }
        }
        if (batch == null) {
            if (c != null) {
                c.shutdown();
            }
            failWaiting(new OrbitClosedException("client to " + host + ":" + port + " is closed"));
            return;
        }
        for (PendingRequest p : batch) {
            dispatch(p);
        }
    }

    private void failWaiting(OrbitException e) {
        List<PendingRequest> batch;
        synchronized (lock) {
            reconnecting = false;
            batch = new ArrayList<>(waiting);
            waiting.clear();
        }
        batch.forEach(p -> p.fail(e));
    }

    private void schedule(Runnable r, long delayMillis) {
        try {
            timer.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            failWaiting(new OrbitClosedException("client to " + host + ":" + port + " is closed"));
        }
    }

    /** Connection callbacks, all on the connection's reader thread. */
    private final class ConnectionEvents implements Connection.Listener {
        @Override
        public void onReply(Connection c, PendingRequest p, Reply r) {
            p.answer(r);
        }

        @Override
        public void onUnmatchedError(Connection c, Reply r) {
            failConnection(c, new OrbitRequestException("node answered Error (msg: " + r.msg()
                    + ") to a request on this connection; connection closed", r.msg()));
        }

        @Override
        public void onLost(Connection c, IOException cause) {
            connectionLost(c, cause);
        }

        @Override
        public void onProtocolError(Connection c, OrbitProtocolException e) {
            failConnection(c, e);
        }

        private void failConnection(Connection c, OrbitException e) {
            synchronized (lock) {
                if (current == c) {
                    current = null;
                }
            }
            c.shutdown().forEach(p -> p.fail(e));
        }
    }

    /** Settings for an {@link OrbitClient}; not thread-safe, use from one thread. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 9000;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(35);
        private int maxInFlight = 1000;
        private int reconnectAttempts = 10;
        private ObjectMapper mapper;
        private Executor callbacks = ForkJoinPool.commonPool();

        private Builder() {
        }

        /** The node's Orbit host (default {@code localhost}). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The node's Orbit port, {@code op.port} (default 9000). */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
            }
            this.port = port;
            return this;
        }

        /** How long one TCP connect may take (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * How long a request may wait for its reply, and {@link #send} for a free slot (default 35 s,
         * the node's {@code event.deadline} plus 5 s; raise it with the node's deadline).
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** Most requests without a reply at once (default 1000); see the class comment on backpressure. */
        public Builder maxInFlight(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxInFlight " + max + " must be at least 1");
            }
            this.maxInFlight = max;
            return this;
        }

        /** Connect attempts after a lost connection before waiting requests fail (default 10). */
        public Builder reconnectAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("reconnectAttempts " + attempts + " must be at least 1");
            }
            this.reconnectAttempts = attempts;
            return this;
        }

        /** The Jackson mapper {@link OrbitClient#sendJson} uses (default a plain {@code new ObjectMapper()}). */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** Where futures are completed (default {@link ForkJoinPool#commonPool()}). */
        public Builder callbackExecutor(Executor executor) {
            this.callbacks = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** A client with these settings. Does not connect; the first send (or {@link OrbitClient#connect()}) does. */
        public OrbitClient build() {
            return new OrbitClient(this);
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
