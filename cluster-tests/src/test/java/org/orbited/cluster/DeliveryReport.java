package org.orbited.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.orbited.client.Key;
import org.orbited.client.Recipient;

/**
 * What arrived against what had to arrive, for one scenario.
 *
 * <p><b>Keys (browsers).</b> An event must arrive at a browser when the app's final reply for it (after the cluster
 * client's retries) lists that browser's key in {@code reached}: a {@code Success} means the bytes were handed to a
 * connection of that key and the socket write completed (transports.md, "What a Success promises"). A key in
 * {@code failed} was reported to the app as not delivered (counted as {@code failed}, never as lost). <b>Lost</b> = a
 * must-arrive event the browser never got; <b>duplicate</b> = an event a browser got more than once.
 *
 * <p><b>Channel (Bayeux clients).</b> A channel {@code Success} means only that each active node queued the fan-out
 * to its own subscribers. An event must arrive at a CometD client when its send began after one of the client's
 * successful /meta/subscribe replies and its Success came back before that subscription ended (a /meta/connect reply
 * advising {@code handshake} or failing). Events published while the client was between nodes are not owed to it (a
 * channel has no per-subscriber queue across nodes); they are counted as {@code gap}.
 *
 * <p>{@code keyDuplicateSeqs} and {@code channelDuplicateSeqs} are the event numbers some browser (some CometD client)
 * got more than once, so that a scenario can tell events in flight at a kill from the rest ({@link #inFlightAt}).
 */
record DeliveryReport(String scenario, int sent, int keyOwed, int keyDelivered, int keyFailed, int keyLost,
        int keyDuplicates, List<String> lostDetail, int channelOwed, int channelHeard, int channelLost,
        int channelGap, int channelDuplicates, TreeSet<Integer> keyDuplicateSeqs, TreeSet<Integer> channelDuplicateSeqs) {

    static DeliveryReport of(String scenario, List<EventApp.Sent> events, List<LoopBrowser> browsers,
            Map<String, Key> keys, List<BayeuxWatcher> watchers, Recipient channel) {
        int owed = 0, delivered = 0, failed = 0, lost = 0, dups = 0;
        List<String> detail = new ArrayList<>();
        TreeSet<Integer> keyDupSeqs = new TreeSet<>();
        TreeSet<Integer> chDupSeqs = new TreeSet<>();
        for (LoopBrowser b : browsers) {
            Key k = keys.get(b.user);
            TreeSet<Integer> missing = new TreeSet<>();
            for (EventApp.Sent s : events) {
                if (s.result == null) {
                    continue;
                }
                if (s.result.reached().contains(k)) {
                    owed++;
                    if (b.seen.containsKey(s.seq)) {
                        delivered++;
                    } else {
                        lost++;
                        missing.add(s.seq);
                    }
                } else if (s.result.failed().contains(k)) {
                    failed++;
                }
            }
            dups += (int) b.seen.values().stream().filter(n -> n > 1).count();
            TreeSet<Integer> twice = new TreeSet<>();
            b.seen.forEach((seq, n) -> {
                if (n > 1) {
                    keyDupSeqs.add(seq);
                    twice.add(seq);
                }
            });
            if (!twice.isEmpty()) {
                detail.add(b.user + "(" + b.transport + ") twice " + twice);
            }
            if (!missing.isEmpty()) {
                detail.add(b.user + "(" + b.transport + ") missing " + missing);
            }
        }
        int chOwed = 0, heard = 0, chLost = 0, gap = 0, chDups = 0;
        for (BayeuxWatcher w : watchers) {
            for (EventApp.Sent s : events) {
                if (s.result == null || !s.result.reached().contains(channel)) {
                    continue;
                }
                if (w.mustHear(s.sentNanos, s.repliedNanos)) {
                    chOwed++;
                    if (w.seen.containsKey(s.seq)) {
                        heard++;
                    } else {
                        chLost++;
                        detail.add(w.name + " missing " + s.seq);
                    }
                } else if (!w.seen.containsKey(s.seq)) {
                    gap++;
                }
            }
            chDups += (int) w.seen.values().stream().filter(n -> n > 1).count();
            w.seen.forEach((seq, n) -> {
                if (n > 1) {
                    chDupSeqs.add(seq);
                }
            });
        }
        return new DeliveryReport(scenario, events.size(), owed, delivered, failed, lost, dups, detail, chOwed, heard,
                chLost, gap, chDups, keyDupSeqs, chDupSeqs);
    }

    /** The numbers of the events in flight at {@code nanos}: sent before it, final reply after it. */
    static TreeSet<Integer> inFlightAt(List<EventApp.Sent> events, long nanos) {
        TreeSet<Integer> out = new TreeSet<>();
        for (EventApp.Sent s : events) {
            if (s.sentNanos <= nanos && (s.repliedNanos == 0 || s.repliedNanos >= nanos)) {
                out.add(s.seq);
            }
        }
        return out;
    }

    /** Of {@code dupSeqs}, those not in {@code inFlight}. */
    static TreeSet<Integer> outside(TreeSet<Integer> dupSeqs, TreeSet<Integer> inFlight) {
        TreeSet<Integer> out = new TreeSet<>(dupSeqs);
        out.removeAll(inFlight);
        return out;
    }

    String line() {
        return "[" + scenario + "] events sent " + sent + "; browsers: owed " + keyOwed + ", delivered " + keyDelivered
                + ", lost " + keyLost + ", duplicates " + keyDuplicates + ", failed (reported to the app) " + keyFailed
                + "; bayeux: owed " + channelOwed + ", heard " + channelHeard + ", lost " + channelLost
                + ", not owed (between nodes) " + channelGap + ", duplicates " + channelDuplicates
                + (keyDuplicateSeqs.isEmpty() && channelDuplicateSeqs.isEmpty() ? ""
                        : " (duplicated events: keys " + keyDuplicateSeqs + ", channel " + channelDuplicateSeqs + ")")
                + (lostDetail.isEmpty() ? "" : "; " + lostDetail);
    }
}
