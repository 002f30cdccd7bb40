package org.orbited.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.orbit.OrbitMalformed;
import org.orbited.node.orbit.OrbitRequest;
import org.orbited.node.orbit.OrbitRequestDecoder;
import org.orbited.node.orbit.OrbitRequestParser;

/**
 * The Orbit port's inbound path: {@value #REQUESTS} pipelined requests (one key recipient, a body of
 * {@code bodySize} bytes) arriving as one read, parsed by the plain-Java {@link OrbitRequestParser} and by the
 * {@link OrbitRequestDecoder} in an {@link EmbeddedChannel}. One op is one request.
 *
 * <p>The parser and the channel live as long as the trial, as they do for one application connection. The
 * Netty case feeds a pooled direct buffer (what a socket read produces), retained once per op because the
 * decoder releases what it reads, so the harness itself allocates nothing per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OrbitDecoderBenchmark {
    static final int REQUESTS = 100;

    @Param({"64", "1024"})
    public int bodySize;

    private ByteBuffer stream;
    private OrbitRequestParser parser;
    private BlackholeSink sink;
    private EmbeddedChannel channel;
    private ByteBuf direct;
    private BlackholeHandler tail;

    @Setup
    public void setUp() {
        NodeConfig c = NodeConfig.defaults();
        byte[] bytes = pipelined(REQUESTS, bodySize);
        stream = ByteBuffer.wrap(bytes);
        parser = new OrbitRequestParser(c.opMaxLine(), c.opMaxHeaders(), c.opMaxBody());
        sink = new BlackholeSink();
        tail = new BlackholeHandler();
        channel = new EmbeddedChannel(new OrbitRequestDecoder(c.opMaxLine(), c.opMaxHeaders(), c.opMaxBody()), tail);
        direct = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        direct.writeBytes(bytes);
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        direct.release();
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public int parser(Blackhole bh) {
        sink.bh = bh;
        sink.requests = 0;
        stream.rewind();
        parser.feed(stream, sink);
        return check(sink.requests);
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public int nettyDecoder(Blackhole bh) {
        tail.bh = bh;
        tail.requests = 0;
        channel.writeInbound(direct.retain());
        return check(tail.requests);
    }

    private static int check(int requests) {
        if (requests != REQUESTS) {
            throw new IllegalStateException("parsed " + requests + " requests, expected " + REQUESTS);
        }
        return requests;
    }

    /** {@code n} requests as pyorbited and the Java client write them: CRLF lines, one recipient each. */
    static byte[] pipelined(int n, int bodySize) {
        byte[] body = Payloads.ascii(bodySize);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append("Orbit 1.0\r\nEvent\r\nid: ").append(i + 1).append("\r\nrecipient: (user").append(i)
                    .append(", 0, /chat)\r\nlength: ").append(bodySize).append("\r\n\r\n")
                    .append(new String(body, StandardCharsets.ISO_8859_1));
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static final class BlackholeSink implements OrbitRequestParser.Sink {
        Blackhole bh;
        int requests;

        @Override
        public void request(OrbitRequest request) {
            requests++;
            bh.consume(request);
        }

        @Override
        public void malformed(OrbitMalformed malformed) {
            throw new IllegalStateException("benchmark input rejected: " + malformed);
        }
    }

    /** The pipeline's last inbound handler: counts requests so the embedded channel queues nothing. */
    static final class BlackholeHandler extends ChannelInboundHandlerAdapter {
        Blackhole bh;
        int requests;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg == OrbitRequestDecoder.REQUEST_STARTED) { // the request timeout's marker: not a request
                return;
            }
            if (!(msg instanceof OrbitRequest)) {
                throw new IllegalStateException("benchmark input rejected: " + msg);
            }
            requests++;
            bh.consume(msg);
        }
    }
}
