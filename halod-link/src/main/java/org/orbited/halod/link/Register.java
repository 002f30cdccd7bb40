package org.orbited.halod.link;

import java.util.Objects;

/**
 * REGISTER, node → gateway, the first line of every link:
 * {@code {"type":"REGISTER","proto":1,"token":"…","name":"orb-a","id":3,"browser":"10.0.0.2:8000",
 * "app":"10.0.0.2:9000","capacity":20000,"tableVersion":41}}.
 *
 * @param proto        protocol version, {@link LinkLimits#PROTO}
 * @param token        the shared secret of the node network
 * @param name         the node's name, unique in the cluster (1..{@link LinkLimits#MAX_TEXT} characters)
 * @param id           the id this node held before (re-claimed after a gateway restart), or 0 for none; on the
 *                     wire it is left out when 0
 * @param browser      {@code host:port} the gateway forwards browser connections to
 * @param app          {@code host:port} the gateway forwards web-app (Orbit) connections to
 * @param capacity     maximum connections, informational, &ge; 0
 * @param tableVersion the newest table version the node has seen, 0 if none
 */
public record Register(int proto, String token, String name, int id, String browser, String app, long capacity,
                       long tableVersion) implements LinkMessage {
    public Register {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(browser, "browser");
        Objects.requireNonNull(app, "app");
        if (id < 0 || capacity < 0 || tableVersion < 0) {
            throw new IllegalArgumentException("negative id, capacity or tableVersion: " + id + ", " + capacity
                    + ", " + tableVersion);
        }
    }

    /** A REGISTER with {@link LinkLimits#PROTO}. */
    public Register(String token, String name, int id, String browser, String app, long capacity, long tableVersion) {
        this(LinkLimits.PROTO, token, name, id, browser, app, capacity, tableVersion);
    }

    @Override
    public String type() {
        return "REGISTER";
    }
}
