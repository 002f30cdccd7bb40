package org.orbited.bench.jmh;

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
import org.orbited.node.core.Event;
import org.orbited.node.transport.Frame;
import org.orbited.node.transport.Transport;
import org.orbited.node.transport.TransportSettings;
import org.orbited.node.transport.Transports;

/**
 * One event framed for one connection of each transport family, the way a stream connection's {@code send}
 * does it: {@link Transport#accepts} (the UTF-8 check of the modern transports), the event id
 * {@code epoch-seq}, then {@link Transport#frame}.
 *
 * <p>{@code freshEvent} frames a new {@link Event} each op: the first subscriber of a publication, which pays for
 * the shared bytes. {@code sharedEvent} frames one event that was framed before: every further subscriber, which
 * pays only for its per-connection prefix (the encode-once design).
 *
 * <p>Transports: {@code sse}, {@code websocket} (the JSON element, shared with {@code long_poll}),
 * {@code xhr_stream}, {@code iframe01} (the 0.1 pipe-form {@code iframe}, a script call per event) and
 * {@code long_poll}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FramingBenchmark {
    private static final String EPOCH = "k3v9q0zt";

    @Param({"sse", "websocket", "xhr_stream", "iframe01", "long_poll"})
    public String transport;

    @Param({"64", "1024"})
    public int bodySize;

    private Transport t;
    private byte[] body;
    private Event shared;
    private long seq;

    @Setup
    public void setUp() {
        Transports all = new Transports(TransportSettings.defaults());
        t = (transport.equals("iframe01") ? all.forPipeForm("iframe") : all.forQueryForm(transport))
                .orElseThrow(() -> new IllegalArgumentException("no transport " + transport));
        body = Payloads.json(bodySize);
        shared = new Event(body);
        frame(shared);
    }

    @Benchmark
    public Frame freshEvent() {
        return frame(new Event(body));
    }

    @Benchmark
    public Frame sharedEvent() {
        return frame(shared);
    }

    private Frame frame(Event e) {
        if (!t.accepts(e)) {
            throw new IllegalStateException(t + " refused the benchmark body");
        }
        return t.frame(EPOCH + "-" + (++seq), e, false);
    }
}
