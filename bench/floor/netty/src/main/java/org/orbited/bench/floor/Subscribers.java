package org.orbited.bench.floor;

import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;

/**
 * The joined subscriber channels in join order, and how many are above the high water mark. Event loop only
 * (the one loop of the floor), except {@link #stopping} and {@link #fail}, which ends the process.
 */
final class Subscribers {
    private final List<Channel> joined = new ArrayList<>();
    private int unwritable;
    private Runnable onWritable = () -> { };
    private volatile boolean stopping;

    void join(Channel ch) {
        joined.add(ch);
    }

    int size() {
        return joined.size();
    }

    /** Subscriber i is on channel i mod {@code channels}: the sockets of each channel. */
    Channel[][] byChannel(int channels) {
        Channel[][] out = new Channel[channels][];
        for (int c = 0; c < channels; c++) {
            int n = joined.size() / channels + (c < joined.size() % channels ? 1 : 0);
            out[c] = new Channel[n];
            for (int k = 0; k < n; k++) {
                out[c][k] = joined.get(c + k * channels);
            }
        }
        return out;
    }

    int unwritable() {
        return unwritable;
    }

    /** Runs {@code r} each time the last unwritable channel becomes writable again. */
    void onAllWritable(Runnable r) {
        onWritable = r;
    }

    void writabilityChanged(boolean writable) {
        unwritable += writable ? -1 : 1;
        if (unwritable == 0) {
            onWritable.run();
        }
    }

    /** Pending outbound bytes over every channel (0: everything is in the kernel). */
    long pendingBytes() {
        long sum = 0;
        for (Channel ch : joined) {
            var out = ch.unsafe().outboundBuffer();
            sum += out == null ? 0 : out.totalPendingWriteBytes();
        }
        return sum;
    }

    /** From now on closes are expected: the run is over and the reader is leaving. */
    void stopping() {
        stopping = true;
    }

    void fail(String why) {
        if (stopping) {
            return;
        }
        System.err.println("floor-netty: " + why);
        System.exit(2);
    }
}
