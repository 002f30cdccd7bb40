package org.orbited.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** The counts of one pool (or the sum of several); travels from a child as one JSON line. */
public record PoolReport(int connections, int established, long connects, long deliveries, long duplicates,
                         long outOfOrder, Histogram latencyUs, Map<String, Long> errors, long cpuNanos) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static PoolReport of(int connections, Tally t, long cpuNanos) {
        return new PoolReport(connections, t.establishedCount(), t.connectsCount(), t.deliveriesCount(),
                t.duplicatesCount(), t.outOfOrderCount(), t.latencyCopy(), t.errorsCopy(), cpuNanos);
    }

    public PoolReport plus(PoolReport o) {
        Histogram h = latencyUs.copy();
        h.add(o.latencyUs);
        Map<String, Long> e = new TreeMap<>(errors);
        o.errors.forEach((k, v) -> e.merge(k, v, Long::sum));
        return new PoolReport(connections + o.connections, established + o.established, connects + o.connects,
                deliveries + o.deliveries, duplicates + o.duplicates, outOfOrder + o.outOfOrder, h, e,
                cpuNanos + o.cpuNanos);
    }

    public String toJsonLine(String type) {
        ObjectNode n = JSON.createObjectNode().put("type", type).put("connections", connections)
                .put("established", established).put("connects", connects).put("deliveries", deliveries)
                .put("duplicates", duplicates).put("out_of_order", outOfOrder).put("cpu_ns", cpuNanos);
        ByteBuffer buf = ByteBuffer.allocate(latencyUs.getNeededByteBufferCapacity());
        int len = latencyUs.encodeIntoCompressedByteBuffer(buf);
        n.put("latency_us", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), len)));
        ObjectNode errs = n.putObject("errors");
        errors.forEach(errs::put);
        return n.toString();
    }

    public static PoolReport fromJson(JsonNode n) {
        Histogram h;
        try {
            h = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(n.path("latency_us").asText())), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("child sent a bad histogram", e);
        }
        Map<String, Long> errs = new TreeMap<>();
        n.path("errors").fields().forEachRemaining(e -> errs.put(e.getKey(), e.getValue().asLong()));
        return new PoolReport(n.path("connections").asInt(), n.path("established").asInt(),
                n.path("connects").asLong(), n.path("deliveries").asLong(), n.path("duplicates").asLong(),
                n.path("out_of_order").asLong(), h, errs, n.path("cpu_ns").asLong());
    }

    public static PoolReport empty() {
        return new PoolReport(0, 0, 0, 0, 0, 0, new Histogram(3), new TreeMap<>(), 0);
    }
}
