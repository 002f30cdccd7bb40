package org.orbited.client.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One snapshot of the gateway's table as its admin port's {@code GET /status} reports it: the table
 * {@code version}, the route count N, the two base ports, {@code owner} (N node ids, 0 = none) and the
 * registered nodes with their role ({@code active} or {@code reserve}). Other fields are ignored.
 * Immutable, thread-safe.
 *
 * @param version the gateway's table version
 * @param routes N
 * @param browserBase browser port of route 1
 * @param appBase app port of route 1
 * @param activeNodes ids of the nodes whose role is {@code active}, ascending
 * @param requestedAtNanos {@link System#nanoTime()} when the request that produced it was sent
 */
public record RouteTable(long version, int routes, int browserBase, int appBase, int[] owner, List<Integer> activeNodes,
                         long requestedAtNanos) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads a {@code /status} body. @throws IllegalArgumentException naming what is missing or wrong */
    public static RouteTable parse(byte[] json, long requestedAtNanos) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("gateway /status is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("gateway /status is not a JSON object");
        }
        long version = number(root, "version");
        int routes = Routes.requireRouteCount((int) number(root, "routes"));
        int browserBase = (int) number(root, "browserBase");
        int appBase = (int) number(root, "appBase");
        JsonNode ownerNode = root.get("owner");
        if (ownerNode == null || !ownerNode.isArray() || ownerNode.size() != routes) {
            throw new IllegalArgumentException("gateway /status: \"owner\" must be an array of " + routes + " node ids");
        }
        int[] owner = new int[routes];
        for (int i = 0; i < routes; i++) {
            if (!ownerNode.get(i).canConvertToInt()) {
                throw new IllegalArgumentException("gateway /status: owner[" + i + "] is not a node id");
            }
            owner[i] = ownerNode.get(i).asInt();
        }
        List<Integer> active = new ArrayList<>();
        JsonNode nodes = root.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            throw new IllegalArgumentException("gateway /status: \"nodes\" must be an array");
        }
        for (JsonNode n : nodes) {
            if ("active".equals(n.path("role").asText()) && n.path("id").asInt() > 0) {
                active.add(n.path("id").asInt());
            }
        }
        active.sort(null);
        return new RouteTable(version, routes, browserBase, appBase, owner, List.copyOf(active), requestedAtNanos);
    }

    private static long number(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.canConvertToLong()) {
            throw new IllegalArgumentException("gateway /status: \"" + field + "\" is missing or not an integer");
        }
        return n.asLong();
    }

    /** Defensive copy. */
    public RouteTable {
        owner = owner.clone();
    }

    /** The node id owning {@code route} (1..N), 0 for none. */
    public int ownerOf(int route) {
        return owner[route - 1];
    }

    /** The owner array (a copy). */
    @Override
    public int[] owner() {
        return owner.clone();
    }

    /**
     * For each active node that owns a route, its lowest route: one channel request through each of
     * these reaches every active node exactly once. Insertion order is node id ascending.
     */
    public Map<Integer, Integer> channelRoutes() {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (int node : activeNodes) {
            for (int r = 1; r <= routes; r++) {
                if (owner[r - 1] == node) {
                    out.put(node, r);
                    break;
                }
            }
        }
        return out;
    }

    /** A route owned by {@code node}, preferring one in {@code preferred}; 0 when it owns none. */
    int routeOwnedBy(int node, java.util.Collection<Integer> preferred) {
        for (int r : preferred) {
            if (owner[r - 1] == node) {
                return r;
            }
        }
        return channelRoutes().getOrDefault(node, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteTable t && t.version == version && t.routes == routes && t.browserBase == browserBase
                && t.appBase == appBase && Arrays.equals(t.owner, owner) && t.activeNodes.equals(activeNodes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(owner);
    }

    @Override
    public String toString() {
        return "RouteTable[version=" + version + ", routes=" + routes + ", browserBase=" + browserBase + ", appBase="
                + appBase + ", owner=" + Arrays.toString(owner) + ", active=" + activeNodes + "]";
    }
}
