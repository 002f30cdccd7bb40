package org.orbited.halod.core;

import java.util.Objects;
import org.orbited.halod.link.Role;

/**
 * One registered node as the table knows it (and as the table document stores it).
 *
 * @param id      its id in the route table; 0 for a reserve
 * @param name    unique in the cluster
 * @param browser {@code host:port} browser connections are forwarded to
 * @param app     {@code host:port} web-app connections are forwarded to
 * @param role    active (owns routes) or reserve
 */
public record NodeRecord(int id, String name, String browser, String app, Role role) {
    public NodeRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(browser, "browser");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(role, "role");
        if (role == Role.ACTIVE ? id < 1 : id != 0) {
            throw new IllegalArgumentException("node '" + name + "': an active node has an id ≥ 1, a reserve 0; got "
                    + role.wire() + " " + id);
        }
    }

    NodeRecord withId(int newId, Role newRole) {
        return new NodeRecord(newId, name, browser, app, newRole);
    }
}
