package org.orbited.client.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.orbited.client.Channel;
import org.orbited.client.Key;
import org.orbited.client.OrbitException;
import org.orbited.client.Recipient;
import org.orbited.client.SendResult;

/**
 * One event sent through the cluster, from {@link OrbitCluster#send} until its merged result: split into
 * one request per app port, the replies merged, recipients whose route moved retried until the deadline.
 * All state is guarded by {@code this}; network calls happen outside the lock.
 *
 * <p>A failed key is retried when its request was resent after a lost connection, or when the owner of
 * its route in a table fetched after the reply differs from the owner when the event was first sent (the
 * route moved: the old owner failed it back), or when the route was seen changing owner within the last
 * retry deadline (the new owner has no session yet because the browser is still reconnecting). A channel part refused
 * by a node that is not the one it names ({@link org.orbited.client.OrbitClient#NOT_ADDRESSED_NODE}) is sent again,
 * once a table read after the refusal is in, through a route that node owns in it. A failed or unanswered channel part is retried to the same node while that
 * node is active and owns a route; a node that no longer does has handed its subscribers on (they start
 * new sessions elsewhere), so its share counts as done.
 */
final class ClusterSend {
    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long MAX_RETRY_MILLIS = 1000;

    /**
     * One request through one route's app port: its keys, and the channels meant for the node owning that route in
     * the table used (a session gets one copy per request even when the request names its key and a channel it is
     * subscribed to). A request carrying channels is sent with {@code node: <node>}, so that when the route has
     * moved on, the new owner refuses the whole request (keys included; they are resent through their route) instead
     * of fanning out the channel for the wrong node; a request of keys only has {@code node} 0 and no header.
     */
    private record Part(int route, List<Recipient> recipients, Map<Channel, Integer> channelNode, int node) {
    }

    private final OrbitCluster cluster;
    private final List<Recipient> recipients;
    private final byte[] body;
    private final long deadlineNanos;
    private final CompletableFuture<SendResult> future = new CompletableFuture<>();
    private final Set<Recipient> reached = new HashSet<>();
    private final Set<Recipient> failed = new HashSet<>();
    private final Map<Integer, Integer> firstOwner = new HashMap<>();
    private final Map<Channel, Set<Integer>> channelPending = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private int outstanding; // parts in flight, decisions waiting for a table, retries scheduled
    private int retries;
    private boolean resent;
    private boolean answered;
    private Throwable lastError;

    ClusterSend(OrbitCluster cluster, List<Recipient> recipients, byte[] body, long deadlineNanos) {
        this.cluster = cluster;
        this.recipients = recipients;
        this.body = body;
        this.deadlineNanos = deadlineNanos;
    }

    /** Sends the first round on the caller's thread; see {@link OrbitCluster#send}. */
    CompletableFuture<SendResult> start(RouteTable table) {
        List<Key> keys = new ArrayList<>();
        Map<Channel, Set<Integer>> channels = new LinkedHashMap<>();
        synchronized (this) {
            for (Recipient r : recipients) {
                if (r instanceof Key k) {
                    keys.add(k);
                    firstOwner.putIfAbsent(cluster.routeOf(k.user()), table == null ? -1 : table.ownerOf(cluster.routeOf(k.user())));
                } else if (r instanceof Channel c) {
                    Set<Integer> nodes = new LinkedHashSet<>(table.channelRoutes().keySet());
                    channelPending.put(c, new HashSet<>(nodes));
                    channels.put(c, nodes);
                    if (nodes.isEmpty()) {
                        failed.add(c); // no active node to fan out on
                    }
                }
            }
        }
        dispatch(keys, channels, table);
        return future;
    }

    private void dispatch(List<Key> keys, Map<Channel, Set<Integer>> channels, RouteTable table) {
        Map<Integer, List<Recipient>> byRoute = new LinkedHashMap<>();
        for (Key k : keys) {
            byRoute.computeIfAbsent(cluster.routeOf(k.user()), x -> new ArrayList<>()).add(k);
        }
        Set<Integer> keyRoutes = new LinkedHashSet<>(byRoute.keySet());
        Map<Integer, Map<Channel, Integer>> channelsByRoute = new HashMap<>();
        Map<Integer, Integer> nodeByRoute = new HashMap<>();
        List<Part> parts = new ArrayList<>();
        synchronized (this) {
            channels.forEach((c, nodes) -> {
                for (int node : nodes) {
                    int r = table == null || !table.activeNodes().contains(node) ? 0
                            : table.routeOwnedBy(node, keyRoutes); // ride along with a key request to that node
                    if (r == 0) {
                        channelPending.get(c).remove(node); // that node left; its subscribers moved on
                        continue;
                    }
                    byRoute.computeIfAbsent(r, x -> new ArrayList<>()).add(c);
                    channelsByRoute.computeIfAbsent(r, x -> new HashMap<>()).put(c, node);
                    nodeByRoute.put(r, node); // one owner per route in one table
                }
            });
            byRoute.forEach((r, rs) -> parts.add(new Part(r, rs, channelsByRoute.getOrDefault(r, new HashMap<>()),
                    nodeByRoute.getOrDefault(r, 0))));
            outstanding += parts.size();
        }
        for (Part p : parts) {
            CompletableFuture<SendResult> f;
            try {
                org.orbited.client.OrbitClient client = cluster.connections().forPort(cluster.appPort(p.route()));
                f = p.node() > 0 ? client.sendToNode(p.node(), p.recipients(), body) : client.send(p.recipients(), body);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((res, ex) -> onPart(p, res, ex, System.nanoTime()));
        }
        maybeFinish();
    }

    private void onPart(Part p, SendResult res, Throwable ex, long at) {
        List<Recipient> failedHere;
        synchronized (this) {
            outstanding--;
            if (ex != null) {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                if (notAddressedNode(cause) && cluster.status() != null) {
                    // the route now belongs to another node, which delivered nothing: read the table again (rate
                    // limited), then send the keys through their route and the channels through a route the
                    // meant node owns in that table
                    outstanding++;
                    cluster.status().fetchedAfter(at).whenComplete((t, e) -> {
                        synchronized (this) {
                            outstanding--;
                            retryLater(p, p.recipients());
                        }
                    });
                    return;
                }
                lastError = cause;
                retryLater(p, p.recipients());
                return;
            }
            answered = true;
            ids.add(res.id());
            resent |= res.resent();
            for (Recipient r : res.reached()) {
                if (r instanceof Channel c) {
                    channelPending.get(c).remove(p.channelNode().get(c));
                } else {
                    reached.add(r);
                }
            }
            failedHere = res.failed();
            if (!failedHere.isEmpty() && cluster.status() != null) {
                outstanding++;
            }
        }
        if (failedHere.isEmpty()) {
            maybeFinish();
        } else if (cluster.status() == null) {
            decide(p, failedHere, res.resent(), null, false);
        } else {
            cluster.status().fetchedAfter(at).whenComplete((t, e) -> decide(p, failedHere, res.resent(), t, true));
        }
    }

    private static boolean notAddressedNode(Throwable t) {
        return t instanceof org.orbited.client.OrbitRequestException e
                && org.orbited.client.OrbitClient.NOT_ADDRESSED_NODE.equals(e.nodeMessage());
    }

    private void decide(Part p, List<Recipient> failedHere, boolean wasResent, RouteTable table, boolean counted) {
        synchronized (this) {
            if (counted) {
                outstanding--;
            }
            List<Recipient> again = new ArrayList<>();
            for (Recipient r : failedHere) {
                boolean retry = r instanceof Channel || wasResent || moved((Key) r, table);
                if (retry) {
                    again.add(r);
                } else {
                    failed.add(r);
                }
            }
            if (!again.isEmpty()) {
                retryLater(p, again);
                return;
            }
        }
        maybeFinish();
    }

    /**
     * Whether the key's route changed owner since the first send, or was seen moving within the last retry
     * deadline (the browser may still be on its way to the new owner); unknown (no table) counts as moved.
     */
    private boolean moved(Key k, RouteTable table) {
        int r = cluster.routeOf(k.user());
        Integer first = firstOwner.get(r);
        if (table == null || first == null || first < 0) {
            return cluster.status() != null;
        }
        return table.ownerOf(r) != first || cluster.status().movedWithin(r, cluster.retryDeadlineNanos());
    }

    /** Under the lock: schedules {@code what} (from part {@code p}) again, or fails it past the deadline. */
    private void retryLater(Part p, List<Recipient> what) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            failed.addAll(what);
            cluster.executor().execute(this::maybeFinish);
            return;
        }
        retries++;
        long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(retries - 1, 5));
        delay = Math.min(TimeUnit.MILLISECONDS.toNanos(delay), left);
        List<Key> keys = new ArrayList<>();
        Map<Channel, Set<Integer>> channels = new LinkedHashMap<>();
        for (Recipient r : what) {
            if (r instanceof Key k) {
                keys.add(k);
            } else if (r instanceof Channel c) {
                channels.computeIfAbsent(c, x -> new HashSet<>()).add(p.channelNode().get(c));
            }
        }
        outstanding++;
        try {
            cluster.timer().schedule(() -> cluster.executor().execute(() -> {
                synchronized (this) {
                    outstanding--;
                }
                dispatch(keys, channels, cluster.status() == null ? null : cluster.status().current());
            }), delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) { // closed meanwhile
            outstanding--;
            failed.addAll(what);
            cluster.executor().execute(this::maybeFinish);
        }
    }

    /** The cluster client closed: recipients not yet reached are reported failed now (nothing is dropped unanswered). */
    void abort() {
        synchronized (this) {
            outstanding = 0;
            for (Recipient r : recipients) {
                if (r instanceof Channel c ? !channelPending.get(c).isEmpty() : !reached.contains(r)) {
                    failed.add(r);
                }
            }
        }
        maybeFinish();
    }

    private void maybeFinish() {
        SendResult result;
        Throwable error = null;
        synchronized (this) {
            if (outstanding > 0 || future.isDone()) {
                return;
            }
            List<Recipient> ok = new ArrayList<>();
            List<Recipient> bad = new ArrayList<>();
            for (Recipient r : recipients) {
                boolean good = r instanceof Channel c ? channelPending.get(c).isEmpty() && !failed.contains(c) : reached.contains(r);
                (good ? ok : bad).add(r);
            }
            result = new SendResult(String.join(",", ids), ok, bad, resent || retries > 0);
            if (!answered && lastError != null) {
                error = lastError;
            }
        }
        if (error != null) {
            future.completeExceptionally(error instanceof OrbitException ? error
                    : new OrbitException("cluster send failed: " + error, error));
        } else {
            future.complete(result);
        }
    }
}
