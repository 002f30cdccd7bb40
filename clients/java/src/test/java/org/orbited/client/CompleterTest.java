package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CompleterTest {
    private static PendingRequest request(Completer c) {
        return new PendingRequest(List.of(Channel.of("/c")), new byte[0], 0, new PendingRequest.Hooks() {
            @Override
            public void finished(PendingRequest p) {
            }

            @Override
            public Completer completer() {
                return c;
            }
        });
    }

    /**
     * Two replies of one read: the first future's callback waits for the second future. Completing a whole batch
     * in one task would deadlock here; the waiting drainer must complete the second on the other pool thread.
     */
    @Test
    void aCallbackWaitingForALaterFutureOfTheSameBatchDoesNotStallIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            Completer c = new Completer(r -> pool.execute(() -> {
                try {
                    gate.await(); // hold the first drainer until both requests are queued
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.run();
            }));
            PendingRequest first = request(c);
            PendingRequest second = request(c);
            CompletableFuture<String> chained = first.future.thenApply(r -> second.future.join().id() + " after " + r.id());
            first.succeed(new SendResult("1", List.of(), List.of(), false));
            second.succeed(new SendResult("2", List.of(), List.of(), false));
            gate.countDown();
            assertThat(chained.get(10, TimeUnit.SECONDS)).isEqualTo("2 after 1");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void completesOnTheExecutorAndEvenWhenItRejects() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "callbacks"));
        Completer c = new Completer(pool);
        PendingRequest p = request(c);
        CompletableFuture<String> thread = p.future.thenApply(r -> Thread.currentThread().getName());
        p.fail(new OrbitTimeoutException("late"));
        assertThat(p.future).failsWithin(10, TimeUnit.SECONDS);
        assertThat(thread).failsWithin(10, TimeUnit.SECONDS);
        PendingRequest q = request(c);
        CompletableFuture<String> where = q.future.thenApply(r -> Thread.currentThread().getName());
        q.succeed(new SendResult("1", List.of(), List.of(), false));
        assertThat(where.get(10, TimeUnit.SECONDS)).isEqualTo("callbacks");
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        PendingRequest r = request(c);
        r.succeed(new SendResult("2", List.of(), List.of(), false));
        assertThat(r.future).isCompleted(); // the executor is gone: completed by the caller rather than never
    }
}
