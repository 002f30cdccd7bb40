package org.orbited.node;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that process Bayeux requests when a plugin {@code SecurityPolicy} is installed, so policy code
 * never runs on an I/O thread: two daemon threads {@code bayeux-policy-N} and a queue of at most 10,000
 * requests. A request beyond that is refused ({@code RejectedExecutionException}); the endpoint then closes
 * the client's connection and the client retries.
 */
final class PolicyExecutor {
    static final int THREADS = 2;
    static final int QUEUE = 10_000;

    private PolicyExecutor() {
    }

    static ExecutorService create() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "bayeux-policy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                threads, new ThreadPoolExecutor.AbortPolicy());
    }
}
