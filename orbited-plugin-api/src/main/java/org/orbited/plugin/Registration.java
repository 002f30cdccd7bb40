package org.orbited.plugin;

/**
 * A listener or handler registration; {@link #cancel()} removes it: no callback for it starts afterwards (one
 * already running finishes). Idempotent, thread-safe and never blocking. The node cancels every registration a
 * plugin still holds when the plugin stops or fails, so cancelling is needed only to stop listening earlier.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
