package org.orbited.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java client's encode path for one event, as {@code OrbitClient.send(recipients, byte[])} runs it on the
 * caller's thread: read the recipient collection, take a private copy of the body, and write the request bytes.
 * In the benchmark's package because {@link RequestEncoder} is the client's internal codec.
 *
 * <ul>
 *   <li>{@code encode}: the client as it is: {@code Recipient.listOf}, {@code body.clone()} (the caller may reuse
 *       its array) and {@link RequestEncoder#event} into one reused 64 KiB buffer, cleared before it
 *       would have to grow, as the connection's writer empties it with each write.</li>
 *   <li>{@code legacyEncode}: the same step as the client did it before issue 16 (kept here verbatim as the
 *       reference): a {@code LinkedHashSet} of recipients, a {@code StringBuilder} head turned into a byte array
 *       joined to the body, then the id line concatenated and the two arrays copied into a third.</li>
 * </ul>
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClientEncodeBenchmark {
    private static final int DRAIN_BYTES = 64 * 1024;

    /** {@code key}: one browser session {@code (alice-1234, 7f3a9c, /chat)}; {@code channel}: {@code /rooms/lobby}. */
    @Param({"key", "channel"})
    public String recipient;

    @Param({"64", "1024"})
    public int bodySize;

    private List<Object> recipients;
    private byte[] body;
    private RequestEncoder encoder;
    private long nextId;

    @Setup
    public void setUp() {
        Recipient r = recipient.equals("key") ? Key.of("alice-1234", "7f3a9c", "/chat") : Channel.of("/rooms/lobby");
        recipients = List.of(r);
        StringBuilder b = new StringBuilder("{\"from\":\"alice\",\"text\":\"");
        while (b.length() < bodySize - 2) {
            b.append((char) ('a' + b.length() % 26));
        }
        body = b.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
        encoder = new RequestEncoder(DRAIN_BYTES);
        byte[] now = encodeOnce();
        byte[] before = Legacy.encode(Legacy.listOf(recipients), body, Long.toString(nextId));
        if (!java.util.Arrays.equals(now, before)) {
            throw new IllegalStateException("the client's bytes differ from the reference:\n"
                    + new String(now, StandardCharsets.UTF_8) + "\nvs\n" + new String(before, StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public int encode() {
        if (encoder.length() > DRAIN_BYTES - 4096) { // drained before it must grow, as a writer keeps up
            encoder.clear(DRAIN_BYTES);
        }
        List<Recipient> rs = Recipient.listOf(recipients);
        byte[] mine = body.clone();
        encoder.event(++nextId, rs, mine, 0);
        return encoder.length();
    }

    @Benchmark
    public byte[] legacyEncode() {
        List<Recipient> rs = Legacy.listOf(recipients);
        return Legacy.encode(rs, body, Long.toString(++nextId));
    }

    /** One request through the current encoder, as a fresh array (setup's consistency check only). */
    private byte[] encodeOnce() {
        RequestEncoder e = new RequestEncoder(16);
        e.event(++nextId, Recipient.listOf(recipients), body, 0);
        return java.util.Arrays.copyOf(e.array(), e.length());
    }

    /** The encode step of orbited-client before issue 16 (PendingRequest.encodeTail/encode, Recipient.listOf). */
    static final class Legacy {
        private Legacy() {
        }

        static List<Recipient> listOf(Collection<?> recipients) {
            Set<Recipient> out = new LinkedHashSet<>();
            for (Object o : recipients) {
                out.add(o instanceof Recipient r ? r : Recipient.parse((String) o));
            }
            return List.copyOf(new ArrayList<>(out));
        }

        static byte[] encode(List<Recipient> recipients, byte[] body, String id) {
            byte[] tail = encodeTail(recipients, body);
            byte[] first = ("Orbit/1.0\r\nEvent\r\nid: " + id + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[first.length + tail.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(tail, 0, all, first.length, tail.length);
            return all;
        }

        private static byte[] encodeTail(List<Recipient> recipients, byte[] body) {
            StringBuilder head = new StringBuilder();
            for (Recipient r : recipients) {
                head.append("recipient: ").append(r.wireForm()).append("\r\n");
            }
            head.append("length: ").append(body.length).append("\r\n\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length + 8);
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(body);
            return out.toByteArray();
        }
    }
}
