package org.orbited.plugin;

/** A listener or handler registration; {@link #cancel()} removes it. Idempotent and thread-safe. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
