package org.orbited.halod.link;

/** DRAIN, node → gateway: {@code {"type":"DRAIN"}}, the node asks to leave gracefully. */
public record Drain() implements LinkMessage {
    @Override
    public String type() {
        return "DRAIN";
    }
}
