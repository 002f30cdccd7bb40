package org.orbited.bench;

/**
 * A share of subscribers, [from, from + count) of the run's global indexes: what a {@link LocalPool} opens and
 * what a child process is told (as JSON). Subscriber {@code i} is user {@code userPrefix + i} on channel
 * {@code i % channels}, sampled when {@code i % sample == 0}, from source address {@code 127.0.0.(2 + i / perSource)}.
 */
public record PoolSpec(Endpoints endpoints, Transport transport, String userPrefix, int from, int count, int channels,
                       int sample, int rampRate, int perSource, int ioThreads, int establishTimeoutS) {

    public PoolSpec slice(int sliceFrom, int sliceCount) {
        return new PoolSpec(endpoints, transport, userPrefix, sliceFrom, sliceCount, channels, sample, rampRate,
                perSource, ioThreads, establishTimeoutS);
    }

    public boolean sampled(int i) {
        return sample > 0 && i % sample == 0;
    }
}
