package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/**
 * Many requests in flight at once on one connection, from several threads, against a real node: every future
 * must get the reply to its own request. Each key request names a key no browser holds, so its {@code Failure}
 * names that key; a reply matched to the wrong request would name a recipient that request does not have.
 */
class OrbitClientPipelineTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 5_000;

    @Test
    void everyPipelinedReplyReachesTheFutureOfItsRequest() throws Exception {
        try (RunningNode node = RunningNode.start();
             OrbitClient client = OrbitClient.builder().host("127.0.0.1").port(node.orbitPort()).maxInFlight(500).build()) {
            List<List<CompletableFuture<SendResult>>> futures = new ArrayList<>();
            List<List<Recipient>> sent = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<CompletableFuture<SendResult>> fs = new ArrayList<>();
                List<Recipient> rs = new ArrayList<>();
                futures.add(fs);
                sent.add(rs);
                int me = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        Recipient r = i % 3 == 0 ? Channel.of("/pipeline/" + me) : Key.of("nobody-" + me + "-" + i, "s", "/p");
                        rs.add(r);
                        fs.add(client.send(List.of(r), ("{\"n\":" + i + "}").getBytes()));
                    }
                }, "sender-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(t.isAlive()).as("sender still blocked").isFalse();
            }
            Set<Long> ids = new HashSet<>();
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < PER_THREAD; i++) {
                    SendResult r = futures.get(t).get(i).get(30, TimeUnit.SECONDS);
                    Recipient to = sent.get(t).get(i);
                    if (to instanceof Channel) {
                        assertThat(r.ok()).isTrue();
                    } else {
                        assertThat(r.failed()).as("request %d of thread %d", i, t).containsExactly(to);
                    }
                    assertThat(r.resent()).isFalse();
                    ids.add(Long.parseLong(r.id()));
                }
            }
            assertThat(ids).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, THREADS * PER_THREAD).boxed().toList());
            assertThat(client.inFlight()).isZero();
        }
    }
}
