package org.orbited.halod.link;

import java.io.IOException;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's end of the HaloD control link (docs/halod.md section 2): connects to the first gateway that answers,
 * registers (re-claiming its previous id after a drop), heartbeats with the node's {@link LoadFigures}, passes
 * ROUTES and ROUTE_MOVED to {@link NodeControl}, reports {@code applied}, fences itself after {@code fenceMs}
 * of silence, reconnects with bounded exponential backoff, and runs the drain sequence on {@link #drain()}.
 *
 * <p><b>Threads: two, which is enough because a node has one link.</b> A reader thread
 * ({@code halod-link-reader-<name>}) connects and then blocks reading lines; it hands every decoded message to the
 * link thread. The link thread ({@code halod-link-<name>}, a single-thread scheduled executor) owns all state, writes
 * every line, runs the heartbeat/fence tick and calls every {@link NodeControl} method. Blocking sockets cost
 * nothing here: there is one connection, so one blocked reader is the whole price, and the code reads in order.
 * Writes are a few hundred bytes per heartbeat; one blocks only when the gateway stopped reading and its window
 * is full, which the fence check (same thread, run before each heartbeat) would have caught long before.
 *
 * <p><b>Drain.</b> {@link #drain()} sends DRAIN. The gateway removes the node and sends ROUTE_MOVED for every
 * route and then ROUTES with the empty set (also to a reserve). When every move is complete the link sends a
 * HEARTBEAT with {@code applied} &ge; that version, then BYE {@code drained}; the gateway's BYE completes the
 * returned stage and the link stops for good (no reconnect).
 *
 * <p>Public methods are thread-safe and never block, except {@link #close()}, which waits up to a second for the
 * threads to stop.
 */
public final class LinkClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LinkClient.class);

    private final LinkSettings settings;
    private final NodeControl control;
    private final ScheduledExecutorService linkThread;
    private final Thread reader;
    private volatile boolean stopped;
    /** {@link #close()} ran (separate from {@code stopped}, which a drain or a gateway's BYE also sets). */
    private boolean closed;

    // --- link-thread state ---
    private GatewayConnection current;
    private Registered registered;
    private int nodeId;
    private long lastReceivedNanos;
    private long connectedNanos;
    private long fenceMs; // the last gateway's value, the settings' until the first REGISTERED
    private boolean fencedSinceLastLine;
    private boolean everRegistered;
    private long seq;
    private long lastHeartbeatNanos;
    private long seenVersion;
    private long applied;
    private final TreeMap<Long, Integer> pendingMoves = new TreeMap<>();
    private CompletableFuture<Void> drain;
    private long drainVersion = -1;
    private boolean byeSent;
    private ScheduledFuture<?> tick;
    private long tickMs;

    public LinkClient(LinkSettings settings, NodeControl control) {
        this.settings = settings;
        this.control = control;
        this.linkThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "halod-link-" + settings.name()));
        this.reader = daemon(this::readLoop, "halod-link-reader-" + settings.name());
        this.fenceMs = settings.fenceMs();
    }

    /** Starts connecting. Call once. */
    public void start() {
        linkThread.execute(() -> {
            lastReceivedNanos = System.nanoTime();
            scheduleTick(settings.fenceMs(), settings.fenceMs());
        });
        reader.start();
    }

    /**
     * Asks the gateway to let this node leave gracefully (the drain sequence). The stage completes when the
     * gateway has answered the node's BYE; it fails when the node is not registered or the link drops first.
     */
    public CompletionStage<Void> drain() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        linkThread.execute(() -> {
            if (current == null || registered == null || drain != null) {
                done.completeExceptionally(new IllegalStateException(drain != null ? "already draining"
                        : "not registered with a gateway"));
                return;
            }
            drain = done;
            send(new Drain());
        });
        return done;
    }

    /** Sends BYE shutdown when connected (outside a drain), then stops both threads. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean wasStopped = stopped; // a finished drain or a gateway's BYE drained stopped the link already
        stopped = true;
        try {
            linkThread.execute(() -> {
                if (!wasStopped && current != null && !byeSent) {
                    send(new Bye(ByeReason.SHUTDOWN));
                }
                dropConnection();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // already shut down
        }
        linkThread.shutdown(); // always: a stopped link's thread and tick must end too
        reader.interrupt();
        try {
            linkThread.awaitTermination(1, TimeUnit.SECONDS);
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ reader thread

    private void readLoop() {
        long backoff = settings.minBackoffMs();
        while (!stopped) {
            GatewayConnection c = GatewayConnection.connectFirst(settings.gateways(), (int) settings.connectTimeoutMs());
            if (c != null) {
                post(() -> connected(c));
                boolean registeredOnce = readUntilClosed(c);
                post(() -> lost(c));
                if (registeredOnce) {
                    backoff = settings.minBackoffMs();
                }
            } else {
                log.warn("halod link {}: no gateway of {} answers; retrying in {} ms", settings.name(),
                        settings.gateways().stream().map(GatewayConnection::display).toList(), backoff);
            }
            if (stopped) {
                return;
            }
            try {
                Thread.sleep(backoff); // the reader's own pause between rounds, bounded by maxBackoffMs
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(settings.maxBackoffMs(), backoff * 2);
        }
    }

    /** Reads until EOF or error; true when a REGISTERED arrived on this connection. */
    private boolean readUntilClosed(GatewayConnection c) {
        boolean sawRegistered = false;
        try {
            LineReader lines = new LineReader(c.socket.getInputStream());
            for (byte[] line = lines.readLine(); line != null; line = lines.readLine()) {
                LinkMessage m = LinkCodec.INSTANCE.decode(line, Sender.GATEWAY);
                sawRegistered |= m instanceof Registered;
                post(() -> received(c, m));
            }
        } catch (LinkProtocolException e) {
            log.warn("halod link {}: gateway {} broke the protocol: {}; closing the link", settings.name(),
                    c.display(), e.getMessage());
            post(() -> {
                if (c == current) {
                    send(new Bye(e.byeReason()));
                }
            });
        } catch (IOException e) {
            if (!stopped) {
                log.info("halod link {}: link to {} lost: {}", settings.name(), c.display(), e.toString());
            }
        }
        return sawRegistered;
    }

    // ------------------------------------------------------------------ link thread

    private void connected(GatewayConnection c) {
        if (stopped || drainFinished()) {
            c.close();
            return;
        }
        current = c;
        seq = 0;
        byeSent = false;
        connectedNanos = System.nanoTime();
        log.info("halod link {}: connected to {}, registering{}", settings.name(), c.display(),
                nodeId > 0 ? " to re-claim id " + nodeId : "");
        send(new Register(settings.token(), settings.name(), nodeId, settings.browser(), settings.app(),
                settings.capacity(), seenVersion));
    }

    private void lost(GatewayConnection c) {
        c.close();
        if (c != current) {
            return;
        }
        current = null;
        registered = null;
        if (drain != null && !drain.isDone()) {
            drain.completeExceptionally(new IOException("the control link dropped during the drain"));
            stopped = true;
        }
    }

    private void received(GatewayConnection c, LinkMessage m) {
        if (c != current) {
            return;
        }
        lastReceivedNanos = System.nanoTime();
        fencedSinceLastLine = false;
        if (m instanceof Registered r) {
            registered = r;
            everRegistered = true;
            fenceMs = r.fenceMs();
            lastHeartbeatNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(r.heartbeatMs()); // due now
            nodeId = r.id();
            scheduleTick(r.heartbeatMs(), r.fenceMs());
            call(() -> control.registered(r));
        } else if (m instanceof Routes r) {
            nodeId = r.id();
            seen(r.version());
            call(() -> control.owned(r.version(), r.id(), r.owned()));
            if (drain != null && r.owned().isEmpty()) {
                drainVersion = Math.max(drainVersion, r.version());
            }
        } else if (m instanceof RouteMoved r) {
            seen(r.version());
            startMove(r);
        } else if (m instanceof GatewayHeartbeat h) {
            seen(h.version());
        } else if (m instanceof Bye b) {
            goodbye(b.reason());
        }
    }

    private void startMove(RouteMoved r) {
        pendingMoves.merge(r.version(), 1, Integer::sum);
        CompletionStage<Void> stage;
        try {
            stage = control.moveRoutes(r.version(), r.routes(), r.to(), r.deadlineMs());
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((ok, err) -> post(() -> {
            if (err != null) {
                log.warn("halod link {}: moving routes {} (version {}) failed: {}", settings.name(), r.routes(),
                        r.version(), err.toString());
            }
            pendingMoves.computeIfPresent(r.version(), (v, n) -> n == 1 ? null : n - 1);
            updateApplied();
        }));
    }

    private void goodbye(ByeReason reason) {
        if (drain != null && byeSent || reason == ByeReason.DRAINED) {
            // our own drain answered, or an operator's drain (admin port) finished: the node has left for good
            log.info("halod link {}: drained, the gateway said BYE {}", settings.name(), reason.wire());
            if (drain == null) {
                call(() -> control.goodbye(reason));
            }
            dropConnection();
            stopped = true;
            reader.interrupt();
            if (drain != null) {
                drain.complete(null);
            }
            return;
        }
        log.warn("halod link {}: the gateway ended the link: BYE {}", settings.name(), reason.wire());
        if (reason != ByeReason.SHUTDOWN) {
            fenceNow();
        }
        call(() -> control.goodbye(reason));
        dropConnection();
    }

    /** Every tick: fence check first, then the heartbeat (and the drain's final BYE) when due. */
    private void tick() {
        long now = System.nanoTime();
        long fenceNanos = TimeUnit.MILLISECONDS.toNanos(fenceMs);
        if (now - lastReceivedNanos >= fenceNanos && !fencedSinceLastLine) {
            log.warn("halod link {}: nothing from the gateway for {} ms: fencing", settings.name(), fenceMs);
            fenceNow();
        }
        if (current != null && now - Math.max(lastReceivedNanos, connectedNanos) >= fenceNanos) {
            // a silent link (also one that never answered REGISTER) is dropped; the reader reconnects
            log.warn("halod link {}: the link to {} is silent for {} ms: reconnecting", settings.name(),
                    current.display(), fenceMs);
            dropConnection();
            return;
        }
        if (current == null || registered == null
                || now - lastHeartbeatNanos < TimeUnit.MILLISECONDS.toNanos(registered.heartbeatMs()) - tickNanosSlack()) {
            return;
        }
        lastHeartbeatNanos = now;
        LoadFigures load;
        try {
            load = control.load();
        } catch (RuntimeException e) {
            log.warn("halod link {}: load figures failed: {}", settings.name(), e.toString());
            load = LoadFigures.ZERO;
        }
        send(new NodeHeartbeat(++seq, load.connections(), load.sessions(), load.appConnections(), applied));
        if (drain != null && !byeSent && drainVersion >= 0 && applied >= drainVersion && pendingMoves.isEmpty()) {
            byeSent = true;
            send(new Bye(ByeReason.DRAINED));
        }
    }

    private long tickNanosSlack() {
        return TimeUnit.MILLISECONDS.toNanos(tickMs) / 2;
    }

    private void fenceNow() {
        fencedSinceLastLine = true;
        if (everRegistered) {
            call(control::fence);
        }
    }

    private void seen(long version) {
        seenVersion = Math.max(seenVersion, version);
        updateApplied();
    }

    private void updateApplied() {
        long candidate = pendingMoves.isEmpty() ? seenVersion : pendingMoves.firstKey() - 1;
        applied = Math.max(applied, candidate);
    }

    private void scheduleTick(long heartbeatMs, long fenceMs) {
        long ms = Math.max(5, Math.min(heartbeatMs, fenceMs) / 4);
        if (tick != null && ms == tickMs) {
            return;
        }
        if (tick != null) {
            tick.cancel(false);
        }
        tickMs = ms;
        tick = linkThread.scheduleAtFixedRate(() -> call(this::tick), ms, ms, TimeUnit.MILLISECONDS);
    }

    private void send(LinkMessage m) {
        if (current == null) {
            return;
        }
        try {
            current.send(m);
        } catch (IOException e) {
            log.info("halod link {}: write to {} failed: {}", settings.name(), current.display(), e.toString());
            dropConnection();
        }
    }

    private void dropConnection() {
        if (current != null) {
            current.close(); // the reader sees the close and reconnects unless stopped
            current = null;
            registered = null;
        }
    }

    private boolean drainFinished() {
        return drain != null && drain.isDone();
    }

    private void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("halod link {}: node callback failed", settings.name(), e);
        }
    }

    private void post(Runnable r) {
        try {
            linkThread.execute(() -> call(r));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
