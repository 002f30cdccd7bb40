package org.orbited.halod.core;

import org.orbited.halod.link.LinkLimits;

/**
 * The route ports: route r is browser port {@code browserBase + r − 1} and app port {@code appBase + r − 1}
 * (docs/halod.md section 1). Construction validates what start-up must refuse: N outside 1..4096, a base below 1,
 * a range ending above 65535, or the two ranges overlapping. Immutable.
 */
public record RoutePorts(int routes, int browserBase, int appBase) {
    public RoutePorts {
        if (routes < 1 || routes > LinkLimits.MAX_ROUTES) {
            throw new IllegalArgumentException("routes must be 1.." + LinkLimits.MAX_ROUTES + ": " + routes);
        }
        if (browserBase < 1 || appBase < 1 || browserBase + routes - 1 > 65535 || appBase + routes - 1 > 65535) {
            throw new IllegalArgumentException("route ports out of range: browser " + browserBase + ".."
                    + (browserBase + routes - 1) + ", app " + appBase + ".." + (appBase + routes - 1)
                    + " (ports are 1..65535)");
        }
        if (browserBase < appBase + routes && appBase < browserBase + routes) {
            throw new IllegalArgumentException("browser ports " + browserBase + ".." + (browserBase + routes - 1)
                    + " overlap app ports " + appBase + ".." + (appBase + routes - 1));
        }
    }

    public int browserPort(int route) {
        return browserBase + check(route) - 1;
    }

    public int appPort(int route) {
        return appBase + check(route) - 1;
    }

    /** The route a browser port belongs to, 0 if none. */
    public int routeOfBrowserPort(int port) {
        int r = port - browserBase + 1;
        return r >= 1 && r <= routes ? r : 0;
    }

    /** The route an app port belongs to, 0 if none. */
    public int routeOfAppPort(int port) {
        int r = port - appBase + 1;
        return r >= 1 && r <= routes ? r : 0;
    }

    private int check(int route) {
        if (route < 1 || route > routes) {
            throw new IllegalArgumentException("route " + route + " outside 1.." + routes);
        }
        return route;
    }
}
