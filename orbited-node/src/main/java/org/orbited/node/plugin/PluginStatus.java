package org.orbited.node.plugin;

import java.util.Objects;

/**
 * One configured plugin as {@code /_/status} shows it.
 *
 * @param name         the plugin's name
 * @param state        where it is in its lifecycle
 * @param droppedTasks callbacks and tasks dropped because its queue was full, since the node started
 * @param failure      why it failed, one line, or null unless {@code state} is {@link State#FAILED}
 */
public record PluginStatus(String name, State state, long droppedTasks, String failure) {
    /** Lifecycle states; a plugin moves STARTING to STARTED or FAILED, and STARTED to STOPPED. */
    public enum State {
        /** {@code start} is running. */
        STARTING,
        /** {@code start} returned; the plugin gets callbacks. */
        STARTED,
        /** {@code start} threw, timed out, or the node could not give it channels; it gets no callbacks. */
        FAILED,
        /** The node stopped it; it gets no callbacks. */
        STOPPED
    }

    public PluginStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }
}
