package org.orbited.client.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * HaloD's route function (halod.md §1): {@code route(user) = 1 + (CRC-32(UTF-8 user) mod N)}, with
 * CRC-32 as {@link CRC32} computes it (the unsigned 32-bit value) and {@code user} the user part of the
 * Orbit key. The JavaScript client's {@code Orbited.route(user, n)} gives the same number, so a page and
 * its web app agree on which route port a user's browser and events use. Pure, thread-safe.
 */
public final class Routes {
    /** The largest route count a HaloD gateway accepts (halod.md §3). */
    public static final int MAX_ROUTES = 4096;

    private Routes() {
    }

    /**
     * The route, 1..{@code routes}, of {@code user}.
     *
     * @throws IllegalArgumentException if {@code routes} is not 1..4096
     */
    public static int routeOf(String user, int routes) {
        Objects.requireNonNull(user, "user");
        requireRouteCount(routes);
        CRC32 crc = new CRC32();
        crc.update(user.getBytes(StandardCharsets.UTF_8));
        return 1 + (int) (crc.getValue() % routes);
    }

    static int requireRouteCount(int routes) {
        if (routes < 1 || routes > MAX_ROUTES) {
            throw new IllegalArgumentException("routes " + routes + " is not between 1 and " + MAX_ROUTES);
        }
        return routes;
    }
}
