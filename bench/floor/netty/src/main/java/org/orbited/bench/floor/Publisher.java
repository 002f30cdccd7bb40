package org.orbited.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes on the event loop, as floor.c does: message j goes to channel j mod C, paced at {@code rate} msg/s
 * (0: closed loop, the next message as soon as the last one's writes are issued, I/O served in between). Each
 * message is framed once into a pooled direct buffer and every socket of its channel gets a retained duplicate
 * with one {@code writeAndFlush} (with {@code batch} K: {@code write}, and a flush every K messages, so Netty
 * writes K events with one writev). While any socket is above the high water mark, publishing waits. {@link #done}
 * completes once the last message is published and every pending byte is in the kernel.
 */
final class Publisher implements Runnable {
    final CompletableFuture<Publisher> done = new CompletableFuture<>();
    long published;
    long expected;
    long stalls;

    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final Subscribers subscribers;
    private final Channel[][] byChannel;
    private final long[] seq;
    private final boolean[] unflushed;
    private final double rate;
    private final long maxMessages;
    private final int batch;
    private final int size;
    private final byte[] scratch = new byte[SseFrame.MAX];
    private long start;
    private long end;
    private long j;
    private int queued;
    private boolean stalled;

    Publisher(EventLoop loop, ByteBufAllocator alloc, Subscribers subscribers, Channel[][] byChannel, long[] seq,
              double rate, long maxMessages, double seconds, int batch, int size) {
        this.loop = loop;
        this.alloc = alloc;
        this.subscribers = subscribers;
        this.byChannel = byChannel;
        this.seq = seq;
        this.unflushed = new boolean[byChannel.length];
        this.rate = rate;
        this.maxMessages = maxMessages;
        this.batch = batch;
        this.size = size;
        this.end = (long) (seconds * 1e9);
    }

    /** Starts publishing (from any thread). */
    Publisher start() {
        loop.execute(() -> {
            start = System.nanoTime();
            end += start;
            subscribers.onAllWritable(() -> {
                if (stalled) {
                    stalled = false;
                    run();
                }
            });
            run();
        });
        return this;
    }

    @Override
    public void run() {
        while (true) {
            if (subscribers.unwritable() > 0) {
                stalled = true;
                stalls++;
                return;
            }
            long now = System.nanoTime();
            if (rate > 0) {
                long due = start + (long) (j / rate * 1e9);
                if (now < due && now < end) {
                    loop.schedule(this, due - now, TimeUnit.NANOSECONDS);
                    return;
                }
            }
            if (j >= maxMessages || now >= end) {
                flushAll();
                drained();
                return;
            }
            publish(now);
            if (rate <= 0) {
                loop.execute(this);
                return;
            }
        }
    }

    private void publish(long now) {
        int ch = (int) (j++ % byChannel.length);
        int len = SseFrame.write(scratch, ++seq[ch], now, size);
        ByteBuf frame = alloc.directBuffer(len).writeBytes(scratch, 0, len);
        Channel[] socks = byChannel[ch];
        for (Channel c : socks) {
            if (batch == 1) {
                c.writeAndFlush(frame.retainedDuplicate(), c.voidPromise());
            } else {
                c.write(frame.retainedDuplicate(), c.voidPromise());
            }
        }
        frame.release();
        published++;
        expected += socks.length;
        if (batch > 1) {
            unflushed[ch] = true;
            if (++queued == batch) {
                flushAll();
            }
        }
    }

    private void flushAll() {
        for (int c = 0; c < byChannel.length; c++) {
            if (unflushed[c]) {
                for (Channel s : byChannel[c]) {
                    s.flush();
                }
                unflushed[c] = false;
            }
        }
        queued = 0;
    }

    private void drained() {
        if (subscribers.pendingBytes() == 0) {
            subscribers.onAllWritable(() -> { });
            done.complete(this);
        } else {
            loop.schedule(this::drained, 1, TimeUnit.MILLISECONDS);
        }
    }
}
