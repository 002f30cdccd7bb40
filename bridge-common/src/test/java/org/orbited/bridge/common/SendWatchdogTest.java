package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * R7: a write that stops making progress closes the socket. The peer is a loopback {@link ServerSocket} that accepts
 * and never reads (a stand-in for a stalled TCP peer, not for any IRC behaviour), so the writer's send buffer fills
 * and its write blocks until the watchdog closes the socket.
 */
class SendWatchdogTest {

    @Test
    void aWriteBlockedOnAPeerThatNeverReadsIsEndedByClosingTheSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            client.setSendBufferSize(8192);
            AtomicInteger closes = new AtomicInteger();
            SendWatchdog watchdog = new SendWatchdog("test-send-watchdog", Duration.ofMillis(500), () -> {
                closes.incrementAndGet();
                try {
                    client.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            watchdog.start();
            try {
                OutputStream out = client.getOutputStream();
                byte[] chunk = new byte[64 * 1024];
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 100_000; i++) {  // far more than any socket buffer: blocks, never completes
                        watchdog.run(() -> {
                            try {
                                out.write(chunk);
                                out.flush();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    }
                });
                assertThatThrownBy(() -> writing.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(
                        java.net.SocketException.class);
                assertThat(closes).hasValue(1);
                assertThat(client.isClosed()).isTrue();
                assertThat(accepted.isClosed()).isFalse();
            } finally {
                watchdog.stop();
            }
        }
    }

    @Test
    void onlyAPendingWriteOlderThanTheTimeoutCountsAndCompletedWritesRestartTheClock() {
        AtomicLong now = new AtomicLong();
        AtomicInteger stuck = new AtomicInteger();
        SendWatchdog w = new SendWatchdog("test-send-watchdog", Duration.ofSeconds(10), stuck::incrementAndGet,
                now::get);
        now.set(TimeUnit.SECONDS.toNanos(100));
        w.check();
        assertThat(w.stuck()).as("nothing pending").isFalse();
        w.run(() -> now.addAndGet(TimeUnit.SECONDS.toNanos(60)));  // slow but completed
        w.check();
        assertThat(stuck).hasValue(0);
        w.run(() -> {
            now.addAndGet(TimeUnit.SECONDS.toNanos(9));
            w.check();
            assertThat(w.stuck()).isFalse();
            now.addAndGet(TimeUnit.SECONDS.toNanos(2));
            w.check();
            w.check();
        });
        assertThat(stuck).as("once per stuck period").hasValue(1);
    }
}
