package org.orbited.bridge.common;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Relay mode's per-visitor flood stage ({@code flood.visitor.rate}, {@code .burst}, {@code .queue}): a relayed
 * (anonymous) visitor's lines first pass its own token bucket, keyed by its Bayeux clientId, then the channel's (IRC
 * channel, XMPP room) shared {@link FloodQueue} ({@code flood.channel.*}), just as a personal line passes its
 * connection's bucket first.
 *
 * <p><b>Contract.</b> {@link #admit} refuses, before anything is queued, a line that would put more than
 * {@code queue} lines in the visitor's own stage ({@code <prefix>_flood_queue_full}, "your lines"); admitted
 * lines are {@link #stage staged} in order and released into the channel's queue when the visitor has a token
 * <em>and</em> the channel's queue has room <em>and</em> fewer than {@code burst} of this visitor's lines already
 * wait in that channel's queue. So one visitor never holds more than {@code burst} places of a channel's queue,
 * and a line is never refused after it was admitted: it waits in its stage instead (the channel being full is a
 * reason to wait, retried every {@code 1 / flood.channel.rate} seconds and whenever one of the visitor's lines
 * leaves the channel's queue). Lines leave only by being sent or by {@link #take} (the bridge parts, is kicked or
 * refused; the caller reports them to their speakers).
 *
 * <p><b>Bounds.</b> At most {@link #MAX_VISITORS} visitors have an entry; a visitor's entry goes when its stage is
 * empty and either its client {@link #ended} or its bucket has refilled to {@code burst} (then a new entry is the
 * same as the old one). A client that ends with lines staged keeps its entry until they are sent: the other
 * subscribers already saw those lines (the say service published them when it accepted them).
 *
 * <p><b>Threads.</b> Plugin thread only, except {@link Task#run}, which the channel's queue calls under its lock on
 * any thread: it sends (must not block) and hands the wake-up back to the plugin thread. {@code scheduler} must run
 * its tasks on the plugin thread.
 *
 * @param <L> a line as the bridge sends it (IRC: a {@code WantedChannel.Line}); {@code clientIdOf} names its speaker
 */
public final class VisitorFlood<L> {
    /** Visitors with an entry at most; a new visitor over it is refused with {@code <prefix>_flood_queue_full}. */
    public static final int MAX_VISITORS = 10_000;

    /**
     * A relayed line on its way into the channel {@code folded} (its key in the channel's queue), sent to
     * {@code target} (the channel's name on the network).
     */
    public record Pending<L>(String folded, String target, L line) {
    }

    /** A visitor's line in a channel's queue; running it sends it. */
    public final class Task implements Runnable {
        private final Pending<L> pending;

        private Task(Pending<L> pending) {
            this.pending = pending;
        }

        private boolean of(VisitorFlood<?> owner, String clientId) {
            return owner == VisitorFlood.this && (clientId == null || clientId.equals(clientIdOf(pending)));
        }

        @Override
        public void run() {
            sender.accept(pending.target(), pending.line());
            pluginThread.execute(() -> wake(clientIdOf(pending)));
        }
    }

    private final class Visitor {
        double tokens;
        long refilledAt;
        boolean ended;
        long wakeAt = Long.MAX_VALUE;  // the earliest wake-up scheduled, MAX_VALUE when none
        final ArrayDeque<Pending<L>> staged = new ArrayDeque<>();
    }

    private final BridgeCodes codes;
    private final double tokensPerNano;
    private final int burst;
    private final int capacity;
    private final FloodQueue<Runnable> channelQueue;
    private final int channelCapacity;
    private final long channelRetryNanos;
    private final FloodQueue.Scheduler scheduler;
    private final Executor pluginThread;
    private final LongSupplier nanoClock;
    private final Function<? super L, String> clientIdOf;
    private final BiConsumer<String, L> sender;
    private final Map<String, Visitor> visitors = new HashMap<>();

    /**
     * @param codes           the bridge's codes ({@code flood_queue_full})
     * @param rate            lines per second per visitor ({@code flood.visitor.rate}), above 0
     * @param burst           lines a quiet visitor may send at once, and its most lines in one channel's queue
     * @param capacity        lines a visitor may have staged ({@code flood.visitor.queue})
     * @param channelQueue    the network's per-channel queue (shared with personal connections)
     * @param channelCapacity its capacity ({@code flood.channel.queue})
     * @param channelRate     its rate ({@code flood.channel.rate}): how often a visitor waiting for room retries
     * @param scheduler       runs a task on the plugin thread after a delay
     * @param pluginThread    the plugin's executor
     * @param nanoClock       monotonic nanoseconds
     * @param clientIdOf      the Bayeux clientId of a line's speaker
     * @param sender          sends {@code (target, line)}; called under the channel queue's lock, must not block
     */
    public VisitorFlood(BridgeCodes codes, double rate, int burst, int capacity, FloodQueue<Runnable> channelQueue,
                        int channelCapacity, double channelRate, FloodQueue.Scheduler scheduler, Executor pluginThread,
                        LongSupplier nanoClock, Function<? super L, String> clientIdOf, BiConsumer<String, L> sender) {
        if (!(rate > 0) || burst < 1 || capacity < 1 || !(channelRate > 0)) {
            throw new IllegalArgumentException("visitor flood needs rate > 0, burst >= 1, queue >= 1; got rate "
                    + rate + ", burst " + burst + ", queue " + capacity);
        }
        this.codes = Objects.requireNonNull(codes, "codes");
        this.tokensPerNano = rate / 1e9;
        this.burst = burst;
        this.capacity = capacity;
        this.channelQueue = Objects.requireNonNull(channelQueue, "channelQueue");
        this.channelCapacity = channelCapacity;
        this.channelRetryNanos = (long) Math.ceil(1e9 / channelRate);
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.pluginThread = Objects.requireNonNull(pluginThread, "pluginThread");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.clientIdOf = Objects.requireNonNull(clientIdOf, "clientIdOf");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Refuses {@code lines} more lines from {@code clientId} when its stage, plus {@code alsoWaiting} of its lines
     * held elsewhere (waiting for the bridge's JOIN), would then exceed the visitor queue.
     *
     * @throws Refused {@code <prefix>_flood_queue_full}; nothing was queued
     */
    public void admit(String clientId, int lines, int alsoWaiting) throws Refused {
        Visitor v = visitors.get(clientId);
        int staged = v == null ? 0 : v.staged.size();
        if (staged + alsoWaiting + lines > capacity) {
            throw new Refused(codes.of("flood_queue_full"),
                    "too many of your lines are waiting (" + (staged + alsoWaiting) + ", at most " + capacity
                            + "); slow down and retry");
        }
        if (v == null && visitors.size() >= MAX_VISITORS) {
            throw new Refused(codes.of("flood_queue_full"),
                    "too many visitors have lines waiting (" + MAX_VISITORS + "); retry later");
        }
    }

    /** Stages an admitted line (or one held for a JOIN, now joined) and releases what may go now. */
    public void stage(Pending<L> p) {
        String clientId = clientIdOf.apply(p.line());
        Visitor v = visitors.computeIfAbsent(clientId, id -> newVisitor());
        v.staged.add(p);
        pump(clientId, v);
    }

    /** Lines {@code clientId} has staged (not yet in a channel's queue). */
    public int staged(String clientId) {
        Visitor v = visitors.get(clientId);
        return v == null ? 0 : v.staged.size();
    }

    /** Visitors with an entry now. */
    public int visitors() {
        return visitors.size();
    }

    /** {@code clientId} ended: its entry goes once its staged lines are sent. */
    public void ended(String clientId) {
        Visitor v = visitors.get(clientId);
        if (v != null) {
            v.ended = true;
            if (v.staged.isEmpty()) {
                visitors.remove(clientId);
            }
        }
    }

    /**
     * Removes and returns every visitor line for the channel {@code folded}, staged or in the channel's queue
     * (personal lines there stay), in order per visitor, so the caller can report them.
     */
    public List<L> take(String folded) {
        List<L> out = new ArrayList<>();
        for (Runnable r : channelQueue.takeIf(folded, r -> r instanceof VisitorFlood<?>.Task t && t.of(this, null))) {
            out.add(mine(r).pending.line());
        }
        for (Iterator<Map.Entry<String, Visitor>> it = visitors.entrySet().iterator(); it.hasNext(); ) {
            Visitor v = it.next().getValue();
            v.staged.removeIf(p -> {
                if (p.folded().equals(folded)) {
                    out.add(p.line());
                    return true;
                }
                return false;
            });
            if (v.staged.isEmpty() && v.ended) {
                it.remove();
            }
        }
        return out;
    }

    private String clientIdOf(Pending<L> p) {
        return clientIdOf.apply(p.line());
    }

    /** A task {@link Task#of} accepted is this flood's. */
    @SuppressWarnings("unchecked")
    private Task mine(Runnable r) {
        return (Task) r;
    }

    private Visitor newVisitor() {
        Visitor v = new Visitor();
        v.tokens = burst;
        v.refilledAt = nanoClock.getAsLong();
        return v;
    }

    private void wake(String clientId) {
        Visitor v = visitors.get(clientId);
        if (v != null) {
            pump(clientId, v);
        }
    }

    /** Releases what may go, then schedules the next wake-up or forgets an idle visitor. */
    private void pump(String clientId, Visitor v) {
        long now = nanoClock.getAsLong();
        v.tokens = Math.min(burst, v.tokens + (now - v.refilledAt) * tokensPerNano);
        v.refilledAt = now;
        boolean channelBound = false;
        while (!v.staged.isEmpty() && v.tokens >= 1) {
            Pending<L> p = v.staged.peek();
            if (channelQueue.pending(p.folded()) >= channelCapacity || channelQueue.count(p.folded(),
                    r -> r instanceof VisitorFlood<?>.Task t && t.of(this, clientId)) >= burst) {
                channelBound = true;
                break;
            }
            v.staged.poll();  // before offering: a send may wake this visitor again (a direct executor in tests)
            v.tokens -= 1;
            try {
                channelQueue.offer(p.folded(), new Task(p));
            } catch (FloodQueueFullException raced) {  // personal lines filled it meanwhile: wait and retry
                v.staged.addFirst(p);
                v.tokens += 1;
                channelBound = true;
                break;
            }
        }
        if (v.staged.isEmpty() && (v.ended || v.tokens >= burst)) {
            visitors.remove(clientId);
            return;
        }
        long delay;
        if (v.staged.isEmpty()) {
            delay = (long) Math.ceil((burst - v.tokens) / tokensPerNano);  // forget it once refilled
        } else if (channelBound) {
            delay = channelRetryNanos;  // a line of its own leaving the channel's queue wakes it sooner
        } else {
            delay = (long) Math.ceil((1 - v.tokens) / tokensPerNano);
        }
        long due = now + delay;
        if (due < v.wakeAt) {
            v.wakeAt = due;
            scheduler.schedule(() -> {
                if (visitors.get(clientId) == v) {
                    if (v.wakeAt == due) {
                        v.wakeAt = Long.MAX_VALUE;
                    }
                    pump(clientId, v);
                }
            }, delay);
        }
    }
}
