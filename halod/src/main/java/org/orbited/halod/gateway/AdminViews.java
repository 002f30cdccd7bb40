package org.orbited.halod.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.orbited.halod.core.ClusterTable;
import org.orbited.halod.core.NodeRecord;
import org.orbited.halod.link.NodeHeartbeat;
import org.orbited.halod.link.Role;

/**
 * The admin port's documents, built on the control thread from the controller's state so each is one consistent
 * picture: {@code GET /status} (JSON) and {@code GET /metrics} (Prometheus text format 0.0.4). The metrics are
 * written by hand: seven families derived at scrape time from the table, which a metrics registry would only
 * mirror (and whose per-node series it would have to add and remove as nodes come and go).
 */
final class AdminViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminViews() {
    }

    static String status(ClusterController c, GatewayConfig config, RelayTracker relay) {
        ClusterTable t = c.table();
        ObjectNode o = JSON.createObjectNode();
        o.put("version", t.version()).put("routes", t.routes()).put("policy", t.policy().wire())
                .put("browserBase", config.ports().browserBase()).put("appBase", config.ports().appBase());
        ArrayNode owner = o.putArray("owner");
        for (int v : t.ownerSnapshot()) {
            owner.add(v);
        }
        ArrayNode nodes = o.putArray("nodes");
        long now = ClusterController.nowMs();
        for (NodeRecord n : t.nodes()) {
            LinkSession s = c.live().get(n.name());
            NodeHeartbeat load = s == null ? new NodeHeartbeat(0, 0, 0, 0, 0) : s.load();
            ObjectNode j = nodes.addObject().put("id", n.id()).put("name", n.name()).put("role", n.role().wire())
                    .put("routes", t.routesOf(n.name()).size()).put("browser", n.browser()).put("app", n.app())
                    .put("connections", load.connections()).put("sessions", load.sessions())
                    .put("appConnections", load.appConnections()).put("applied", load.applied())
                    .put("live", s != null).put("relayed", relay.pairedWith(n.name()));
            if (s != null) {
                j.put("lastHeartbeatMs", Math.max(0, now - s.lastHeartbeatMs()));
            } else {
                j.putNull("lastHeartbeatMs");
            }
        }
        o.put("moves", c.moves()).put("failovers", c.failovers());
        o.putObject("relay").put("connections", relay.connections()).put("bytesIn", relay.bytesIn())
                .put("bytesOut", relay.bytesOut()).put("refused", relay.refused());
        return o.toString();
    }

    static String metrics(ClusterController c, RelayTracker relay) {
        ClusterTable t = c.table();
        StringBuilder b = new StringBuilder(1024);
        family(b, "halod_nodes", "gauge", "Registered nodes by role.");
        for (Role r : Role.values()) {
            long n = t.nodes().stream().filter(x -> x.role() == r).count();
            b.append("halod_nodes{role=\"").append(r.wire()).append("\"} ").append(n).append('\n');
        }
        family(b, "halod_routes", "gauge", "Routes owned per active node.");
        for (NodeRecord n : t.nodes()) {
            if (n.role() == Role.ACTIVE) {
                b.append("halod_routes{node=\"").append(escape(n.name())).append("\"} ")
                        .append(t.routesOf(n.name()).size()).append('\n');
            }
        }
        family(b, "halod_route_moves_total", "counter", "Routes whose owner changed since start.");
        b.append("halod_route_moves_total ").append(c.moves()).append('\n');
        family(b, "halod_failovers_total", "counter", "Nodes removed by failure since start.");
        b.append("halod_failovers_total ").append(c.failovers()).append('\n');
        family(b, "halod_relay_connections", "gauge", "Open relayed connections.");
        b.append("halod_relay_connections ").append(relay.connections()).append('\n');
        family(b, "halod_relay_bytes_total", "counter", "Relayed bytes (0 in splice mode).");
        b.append("halod_relay_bytes_total{direction=\"in\"} ").append(relay.bytesIn()).append('\n');
        b.append("halod_relay_bytes_total{direction=\"out\"} ").append(relay.bytesOut()).append('\n');
        family(b, "halod_table_version", "gauge", "The current table version.");
        b.append("halod_table_version ").append(t.version()).append('\n');
        return b.toString();
    }

    private static void family(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type.toLowerCase(Locale.ROOT)).append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
