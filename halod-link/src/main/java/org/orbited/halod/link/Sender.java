package org.orbited.halod.link;

/** Which side wrote a line: the decoder accepts only the messages that side may send. */
public enum Sender {
    /** The node: REGISTER, HEARTBEAT (load figures), DRAIN, BYE. */
    NODE,
    /** The gateway: REGISTERED, ROUTES, HEARTBEAT (table version), ROUTE_MOVED, BYE. */
    GATEWAY
}
