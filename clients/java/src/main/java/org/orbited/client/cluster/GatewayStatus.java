package org.orbited.client.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.orbited.client.OrbitConnectException;

/**
 * The gateway's table, read from its admin port's {@code GET /status} with the JDK's {@link HttpClient}
 * and cached. Thread-safe.
 *
 * <p><b>Bounded refresh rate.</b> Callers ask for a table fetched after a given instant
 * ({@link #fetchedAfter}); all requests are coalesced into at most one fetch at a time, started no
 * sooner than {@code minInterval} after the previous one, so any number of failing sends cost at most
 * one {@code /status} request per {@code minInterval}. A cached table older than {@code maxAge} is
 * refreshed in the background on the next {@link #current()}. A response larger than 1 MiB, or one
 * that is not a valid table, fails that fetch with a message naming the problem; the cached table stays.
 * A table whose version is lower than the cached one is ignored (an older answer overtaken).
 */
final class GatewayStatus {
    private static final System.Logger LOG = System.getLogger(GatewayStatus.class.getName());
    static final int MAX_BODY = 1 << 20;

    private final URI uri;
    private final HttpClient http;
    private final Duration timeout;
    private final long minIntervalNanos;
    private final long maxAgeNanos;
    private final ScheduledExecutorService timer;
    private volatile RouteTable table;
    private volatile java.util.concurrent.atomic.AtomicLongArray movedAt; // per route: nanoTime a new owner was seen
    private CompletableFuture<RouteTable> next; // guarded by this: a fetch not yet started
    private long lastStartNanos; // guarded by this
    private boolean started; // guarded by this

    GatewayStatus(URI uri, Duration timeout, Duration minInterval, Duration maxAge, ScheduledExecutorService timer) {
        this.uri = uri;
        this.timeout = timeout;
        this.minIntervalNanos = minInterval.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        this.timer = timer;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    URI uri() {
        return uri;
    }

    /** The cached table (null before the first successful fetch); starts a refresh if it is older than maxAge. */
    RouteTable current() {
        RouteTable t = table;
        long now = System.nanoTime();
        if (t == null || now - t.requestedAtNanos() > maxAgeNanos) {
            fetchedAfter(t == null ? now : t.requestedAtNanos() + 1);
        }
        return t;
    }

    /** Fetches now on the caller's thread (used at start-up), bounded by the HTTP timeout. */
    RouteTable fetchNow() {
        try {
            return fetchedAfter(System.nanoTime()).get(timeout.toMillis() * 2 + minIntervalNanos / 1_000_000,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrbitConnectException("interrupted while reading " + uri, e);
        } catch (Exception e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new OrbitConnectException("cannot read the gateway's table from " + uri + ": " + c.getMessage(), c);
        }
    }

    /** A table whose request was sent at or after {@code nanos}: the cached one if new enough, else the next fetch. */
    synchronized CompletableFuture<RouteTable> fetchedAfter(long nanos) {
        RouteTable t = table;
        if (t != null && t.requestedAtNanos() >= nanos) {
            return CompletableFuture.completedFuture(t);
        }
        if (next == null) {
            CompletableFuture<RouteTable> f = new CompletableFuture<>();
            next = f;
            long wait = started ? Math.max(0, lastStartNanos + minIntervalNanos - System.nanoTime()) : 0;
            timer.schedule(() -> begin(f), wait, TimeUnit.NANOSECONDS);
        }
        return next;
    }

    /** Under the lock: records when each route whose owner differs between {@code old} and {@code t} was seen moved. */
    private void noteMoves(RouteTable old, RouteTable t) {
        if (movedAt == null || movedAt.length() != t.routes()) {
            movedAt = new java.util.concurrent.atomic.AtomicLongArray(t.routes());
            return;
        }
        if (old == null || old.routes() != t.routes()) {
            return;
        }
        long now = System.nanoTime();
        for (int r = 1; r <= t.routes(); r++) {
            if (old.ownerOf(r) != t.ownerOf(r)) {
                movedAt.set(r - 1, now);
                LOG.log(System.Logger.Level.INFO, "route " + r + " moved from node " + old.ownerOf(r) + " to node "
                        + t.ownerOf(r) + " (table version " + t.version() + ")");
            }
        }
    }

    /** Whether this cache saw {@code route} change owner within the last {@code window} nanoseconds. */
    boolean movedWithin(int route, long windowNanos) {
        java.util.concurrent.atomic.AtomicLongArray m = movedAt;
        if (m == null || route > m.length()) {
            return false;
        }
        long at = m.get(route - 1);
        return at != 0 && System.nanoTime() - at < windowNanos;
    }

    private void begin(CompletableFuture<RouteTable> f) {
        long at;
        synchronized (this) {
            next = null;
            started = true;
            at = lastStartNanos = System.nanoTime();
        }
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).thenApply(resp -> {
            try (InputStream in = resp.body()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (resp.statusCode() != 200) {
                    throw new IllegalArgumentException("gateway " + uri + " answered HTTP " + resp.statusCode());
                }
                if (body.length > MAX_BODY) {
                    throw new IllegalArgumentException("gateway " + uri + " sent more than " + MAX_BODY + " bytes");
                }
                return RouteTable.parse(body, at);
            } catch (IOException e) {
                throw new IllegalStateException("reading " + uri + ": " + e.getMessage(), e);
            }
        }).whenComplete((t, e) -> {
            if (e != null) {
                LOG.log(System.Logger.Level.WARNING, "gateway status from " + uri + " failed: " + e.getMessage());
                f.completeExceptionally(e);
                return;
            }
            synchronized (this) {
                RouteTable old = table;
                if (old == null || t.version() >= old.version()) {
                    noteMoves(old, t);
                    table = t;
                }
            }
            f.complete(table);
        });
    }
}
