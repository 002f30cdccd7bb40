package org.orbited.node.cluster;

/** Which of the node's listeners a connection came to: the HTTP port (browsers) or the Orbit port (web apps). */
public enum ListenerSide {
    /** The HTTP port: its route is {@code dstPort - browser_base + 1}. */
    BROWSER,
    /** The Orbit port: its route is {@code dstPort - app_base + 1}. */
    APP
}
