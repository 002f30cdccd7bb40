package org.orbited.halod.link;

/** The node's load, sent in every HEARTBEAT. All values &ge; 0. */
public record LoadFigures(long connections, long sessions, long appConnections) {
    public static final LoadFigures ZERO = new LoadFigures(0, 0, 0);

    public LoadFigures {
        if (connections < 0 || sessions < 0 || appConnections < 0) {
            throw new IllegalArgumentException("negative load figure: " + connections + ", " + sessions + ", "
                    + appConnections);
        }
    }
}
