package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.cometd.bayeux.Message;

/**
 * What a subscriber received, read as a sequence of numbered publications {@code {n: 0..count-1}} followed by
 * the end marker {@code {end: true}}, published last and only after every numbered publish was answered. The
 * marker makes "everything arrived" and "nothing more is coming" observable without sleeping: a duplicate or a
 * late copy delivered before the marker shows in the sequence, one after it is an order violation by itself.
 *
 * <p>Failure messages name the first index that is wrong and the values around it, plus what is missing and what
 * came twice, so a reordering is readable from the test report alone.
 */
final class PublicationOrder {
    /** The marker's data; in a sequence it stands as the string {@code "end"}. */
    static final Map<String, Object> END_MARKER = Map.of("end", true);
    static final String END = "end";
    private static final int BEFORE = 5;
    private static final int AFTER = 6;
    private static final int LIST_AT_MOST = 20;

    private PublicationOrder() {
    }

    /** {@code 0, 1, ..., count-1, "end"}: the publication order. */
    static List<Object> published(int count) {
        List<Object> out = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            out.add(i);
        }
        out.add(END);
        return out;
    }

    /** The inbox as a sequence: {@code n} as an Integer, the marker as {@code "end"}, anything else as its data. */
    static List<Object> sequence(Inbox inbox) {
        List<Object> out = new ArrayList<>();
        for (Message m : inbox.messages) {
            Map<String, Object> data = m.getDataAsMap();
            if (data != null && data.get("n") instanceof Number n) {
                out.add(n.intValue());
            } else if (data != null && Boolean.TRUE.equals(data.get("end"))) {
                out.add(END);
            } else {
                out.add(m.getData());
            }
        }
        return out;
    }

    /**
     * Waits, at most {@code wait}, until {@code inbox} holds the end marker and at least {@code count} other
     * messages. Returns either way: the assertions that follow say what is wrong.
     */
    static void awaitMarkerAndCount(Inbox inbox, int count, Duration wait) {
        try {
            Awaitility.await().atMost(wait).pollInterval(Duration.ofMillis(10)).until(() -> {
                List<Object> s = sequence(inbox);
                return s.contains(END) && s.size() >= count + 1;
            });
        } catch (ConditionTimeoutException e) {
            // reported by the assertion on the sequence
        }
    }

    /** Fails with every problem given, one per line; does nothing when all are null. */
    static void assertNone(String... problems) {
        List<String> found = new ArrayList<>();
        for (String p : problems) {
            if (p != null) {
                found.add(p);
            }
        }
        if (!found.isEmpty()) {
            fail(String.join("\n", found));
        }
    }

    /** Null when {@code got} equals {@code expected} element by element, else the first wrong index and more. */
    static String notInOrder(String who, List<Object> got, List<Object> expected) {
        if (got.equals(expected)) {
            return null;
        }
        return String.format("%s: expected %d messages in publication order, exactly once each, got %d; %s",
                who, expected.size(), got.size(), describe(got, expected));
    }

    /**
     * Null when {@code got} holds each of {@code 0..count-1} exactly once and ends with the marker, whatever the
     * order of the numbers in between; else what is missing or repeated.
     */
    static String notEachOnceThenMarker(String who, List<Object> got, int count) {
        List<Object> sorted = new ArrayList<>(got.subList(0, Math.max(0, got.size() - 1)));
        sorted.sort((x, y) -> x instanceof Integer a && y instanceof Integer b ? Integer.compare(a, b)
                : String.valueOf(x).compareTo(String.valueOf(y)));
        if (!got.isEmpty()) {
            sorted.add(got.get(got.size() - 1));
        }
        if (sorted.equals(published(count))) {
            return null;
        }
        return String.format("%s: expected n=0..%d exactly once each, then the end marker, got %d messages; "
                + "sorted (marker kept last): %s", who, count - 1, got.size(), describe(sorted, published(count)));
    }

    /**
     * Null when the members of every run {@code [k*size, (k+1)*size)} (one batch, which the server handles in
     * array order) arrive in ascending order; else the first batch that does not.
     */
    static String batchOutOfOrder(String who, List<Object> got, int size) {
        Map<Integer, List<Integer>> batches = new TreeMap<>();
        for (Object o : got) {
            if (o instanceof Integer n) {
                batches.computeIfAbsent(n / size, k -> new ArrayList<>()).add(n);
            }
        }
        for (Map.Entry<Integer, List<Integer>> e : batches.entrySet()) {
            List<Integer> arrived = e.getValue();
            List<Integer> ascending = new ArrayList<>(arrived);
            ascending.sort(null);
            if (!arrived.equals(ascending)) {
                return String.format("%s: batch %d (n=%d..%d, one request) arrived as %s, at indices %s of %d",
                        who, e.getKey(), e.getKey() * size, e.getKey() * size + size - 1, arrived,
                        positions(got, arrived), got.size());
            }
        }
        return null;
    }

    private static List<Integer> positions(List<Object> got, List<Integer> values) {
        List<Integer> out = new ArrayList<>();
        for (Integer v : values) {
            out.add(got.indexOf(v));
        }
        return out;
    }

    /**
     * The first index where {@code got} differs from {@code expected} with the values around it in both, then
     * what is missing and what came more than once.
     */
    static String describe(List<Object> got, List<Object> expected) {
        int first = firstDifference(got, expected);
        int from = Math.max(0, first - BEFORE);
        StringBuilder sb = new StringBuilder();
        sb.append("first wrong index ").append(first).append(": expected ").append(at(expected, first))
                .append(", got ").append(at(got, first))
                .append("; indices ").append(from).append("..").append(first + AFTER - 1)
                .append(" got ").append(window(got, from, first + AFTER))
                .append(", expected ").append(window(expected, from, first + AFTER));
        Map<String, Integer> counts = counts(got);
        List<Object> missing = new ArrayList<>();
        for (Object e : expected) {
            if (!counts.containsKey(String.valueOf(e))) {
                missing.add(e);
            }
        }
        List<Object> repeated = new ArrayList<>();
        counts.forEach((k, c) -> {
            if (c > 1) {
                repeated.add(k + "x" + c);
            }
        });
        sb.append("; missing ").append(missing.size()).append(' ').append(clip(missing))
                .append("; more than once ").append(repeated.size()).append(' ').append(clip(repeated))
                .append("; out of place ").append(outOfPlace(got, expected)).append(" of ").append(got.size());
        return sb.toString();
    }

    static int firstDifference(List<Object> a, List<Object> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return i;
    }

    private static long outOfPlace(List<Object> got, List<Object> expected) {
        long n = 0;
        for (int i = 0; i < got.size(); i++) {
            if (i >= expected.size() || !got.get(i).equals(expected.get(i))) {
                n++;
            }
        }
        return n;
    }

    /** How often each value came, by its string form, in arrival order. */
    private static Map<String, Integer> counts(List<Object> got) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Object o : got) {
            counts.merge(String.valueOf(o), 1, Integer::sum);
        }
        return counts;
    }

    private static String at(List<Object> l, int i) {
        return i < l.size() ? String.valueOf(l.get(i)) : "nothing (list ends)";
    }

    private static String window(List<Object> l, int from, int to) {
        return from >= l.size() ? "[]" : l.subList(from, Math.min(to, l.size())).toString();
    }

    private static String clip(List<Object> l) {
        return l.size() <= LIST_AT_MOST ? l.toString() : l.subList(0, LIST_AT_MOST) + "...";
    }
}
