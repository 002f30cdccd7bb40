package org.orbited.halod.link;

import java.util.Objects;

/**
 * REGISTERED, gateway → node, the answer to REGISTER:
 * {@code {"type":"REGISTERED","id":3,"role":"active","routes":24,"dataPlane":"relay","heartbeatMs":200,
 * "missLimit":5,"fenceMs":600,"browserBase":24000,"appBase":25000}}.
 *
 * <p><b>Extension of the reference:</b> {@code browserBase} and {@code appBase} are the gateway's first browser and
 * app route ports, so that a node computes a relayed connection's route as {@code dstPort − base + 1} from its
 * PROXY v2 header. Older peers ignore them (unknown fields are ignored); a REGISTERED without them decodes with 0.
 *
 * @param id          the node's id, 0 for a reserve until it is promoted
 * @param role        active or reserve
 * @param routes      N, 1..{@link LinkLimits#MAX_ROUTES}
 * @param dataPlane   {@code "relay"} (or {@code "nft"} in kernel mode)
 * @param heartbeatMs the heartbeat interval both sides use, &gt; 0
 * @param missLimit   intervals of silence after which the gateway declares a node failed, &gt; 0
 * @param fenceMs     silence after which the node fences itself, &gt; 0
 * @param browserBase first browser route port (route r is {@code browserBase + r − 1}), 0 when not sent
 * @param appBase     first app route port, 0 when not sent
 */
public record Registered(int id, Role role, int routes, String dataPlane, long heartbeatMs, int missLimit,
                         long fenceMs, int browserBase, int appBase) implements LinkMessage {
    public Registered {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(dataPlane, "dataPlane");
        if (id < 0 || routes < 1 || routes > LinkLimits.MAX_ROUTES || heartbeatMs <= 0 || missLimit <= 0
                || fenceMs <= 0 || browserBase < 0 || browserBase > 65535 || appBase < 0 || appBase > 65535) {
            throw new IllegalArgumentException("REGISTERED value out of range: id=" + id + " routes=" + routes
                    + " heartbeatMs=" + heartbeatMs + " missLimit=" + missLimit + " fenceMs=" + fenceMs
                    + " browserBase=" + browserBase + " appBase=" + appBase);
        }
    }

    /** The route of a relayed browser connection whose PROXY destination port is {@code port}, or 0 if none. */
    public int browserRoute(int port) {
        return routeOf(port, browserBase);
    }

    /** The route of a relayed app connection whose PROXY destination port is {@code port}, or 0 if none. */
    public int appRoute(int port) {
        return routeOf(port, appBase);
    }

    private int routeOf(int port, int base) {
        int r = port - base + 1;
        return base > 0 && r >= 1 && r <= routes ? r : 0;
    }

    @Override
    public String type() {
        return "REGISTERED";
    }
}
