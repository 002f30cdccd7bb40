package org.orbited.bench;

/** Subscriber transports, by the names users give on the command line ({@code --transport}). */
public enum Transport {
    sse("sse"),
    websocket("websocket"),
    xhr_stream("xhr_stream"),
    long_poll("long-poll"),
    bayeux_long_polling("bayeux-long-polling"),
    bayeux_websocket("bayeux-websocket");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isBayeux() {
        return this == bayeux_long_polling || this == bayeux_websocket;
    }

    /** Parses {@code sse}, {@code long-poll}, {@code long_poll}, {@code bayeux-websocket}, … */
    public static Transport parse(String s) {
        for (Transport t : values()) {
            if (t.label.equals(s) || t.name().equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transport: " + s + " (sse, websocket, xhr_stream, long-poll,"
                + " bayeux-long-polling, bayeux-websocket)");
    }

    @Override
    public String toString() {
        return label;
    }
}
