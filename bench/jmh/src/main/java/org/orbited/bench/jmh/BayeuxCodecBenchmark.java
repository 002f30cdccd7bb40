package org.orbited.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.orbited.node.bayeux.Advice;
import org.orbited.node.bayeux.BayeuxCodec;
import org.orbited.node.bayeux.BayeuxMessage;
import org.orbited.node.bayeux.BayeuxParseException;
import org.orbited.node.bayeux.DeliveryFrames;
import org.orbited.node.core.Event;

/**
 * The Bayeux request and response bodies: {@link BayeuxCodec#parse} of a batch of {@value #PUBLISHES} publishes
 * (one op is the whole batch) and of a {@code /meta/connect}; {@link BayeuxCodec#write} of the replies to such a
 * batch; {@link DeliveryFrames#of} on a fresh {@link Event} each op (so its memo never answers) for a Bayeux
 * publication, an Orbit body that happens to be JSON and an Orbit body that is plain text; and
 * {@link DeliveryFrames#compose} of {@value #PUBLISHES} deliveries with the replies, as a long-poll answer is
 * built.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BayeuxCodecBenchmark {
    static final int PUBLISHES = 4;
    static final String CHANNEL = "/chat/demo";
    static final String CLIENT_ID = "3x8fmw1q7a9yk2hb0c";
    static final int DATA_BYTES = 96;

    private final BayeuxCodec codec = new BayeuxCodec();
    private byte[] publishBatch;
    private byte[] connect;
    private List<BayeuxMessage> replies;
    private byte[] jsonData;
    private byte[] plainBody;
    private List<byte[]> deliveries;
    private byte[] repliesArray;

    @Setup
    public void setUp() throws BayeuxParseException {
        jsonData = Payloads.json(DATA_BYTES);
        plainBody = Payloads.plain(DATA_BYTES);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < PUBLISHES; i++) {
            b.append(i == 0 ? "" : ",").append("{\"channel\":\"").append(CHANNEL).append("\",\"data\":")
                    .append(new String(jsonData, StandardCharsets.US_ASCII)).append(",\"id\":\"").append(10 + i)
                    .append("\",\"clientId\":\"").append(CLIENT_ID).append("\"}");
        }
        publishBatch = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
        connect = ("[{\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0},"
                + "\"id\":\"9\",\"clientId\":\"" + CLIENT_ID + "\"}]").getBytes(StandardCharsets.UTF_8);

        List<BayeuxMessage> batch = new ArrayList<>(codec.parse(connect));
        batch.addAll(codec.parse(publishBatch));
        replies = new ArrayList<>();
        replies.add(BayeuxMessage.replyTo(batch.get(0)).successful(true).advice(Advice.defaults()).build());
        for (BayeuxMessage m : batch.subList(1, batch.size())) {
            replies.add(BayeuxMessage.replyTo(m).successful(true).build());
        }
        repliesArray = codec.write(replies);
        deliveries = new ArrayList<>();
        for (int i = 0; i < PUBLISHES; i++) {
            deliveries.add(DeliveryFrames.of(Event.jsonOnChannel(jsonData, CHANNEL, null, null)));
        }
    }

    @Benchmark
    public List<BayeuxMessage> parsePublishBatch() throws BayeuxParseException {
        return codec.parse(publishBatch);
    }

    @Benchmark
    public List<BayeuxMessage> parseConnect() throws BayeuxParseException {
        return codec.parse(connect);
    }

    /** The replies to a connect and {@value #PUBLISHES} publishes. */
    @Benchmark
    public byte[] writeReplies() {
        return codec.write(replies);
    }

    /** A Bayeux publication: the data is known to be JSON and is spliced in as it is. */
    @Benchmark
    public byte[] deliveryOfBayeuxJson() {
        return DeliveryFrames.of(Event.jsonOnChannel(jsonData, CHANNEL, null, null));
    }

    /** An Orbit body on a channel that is JSON, which the framer has to find out by parsing it. */
    @Benchmark
    public byte[] deliveryOfOrbitJson() {
        return DeliveryFrames.of(new Event(jsonData).onChannel(CHANNEL));
    }

    /** An Orbit body on a channel that is not JSON: a failed parse, then the text written as a JSON string. */
    @Benchmark
    public byte[] deliveryOfOrbitText() {
        return DeliveryFrames.of(new Event(plainBody).onChannel(CHANNEL));
    }

    /** A long-poll answer: {@value #PUBLISHES} already framed deliveries followed by the replies. */
    @Benchmark
    public byte[] compose() {
        return DeliveryFrames.compose(deliveries, repliesArray);
    }
}
