package org.orbited.node.cluster;

/**
 * The gateway's route-port layout (halod.md section 1): route r is browser port {@code browserBase + r - 1} and app
 * port {@code appBase + r - 1}, for r in 1..N. Starts from {@code [cluster]}; the link sets it again from the
 * gateway's REGISTERED message ({@link #set}). Plain Java; thread-safe (one immutable snapshot, swapped whole).
 */
public final class RouteLayout {
    /** One consistent layout. */
    public record Ports(int browserBase, int appBase, int routes) {
        public Ports {
            if (routes < 1 || routes > 4096) {
                throw new IllegalArgumentException("routes must be 1 to 4096, not " + routes);
            }
            if (browserBase < 1 || browserBase + routes - 1 > 65535 || appBase < 1 || appBase + routes - 1 > 65535) {
                throw new IllegalArgumentException("route ports out of range: browser base " + browserBase
                        + ", app base " + appBase + ", " + routes + " routes");
            }
            if (browserBase <= appBase + routes - 1 && appBase <= browserBase + routes - 1) {
                throw new IllegalArgumentException("browser route ports " + browserBase + ".." + (browserBase + routes - 1)
                        + " overlap app route ports " + appBase + ".." + (appBase + routes - 1));
            }
        }
    }

    private volatile Ports ports;

    public RouteLayout(int browserBase, int appBase, int routes) {
        this.ports = new Ports(browserBase, appBase, routes);
    }

    /** Replaces the layout (the gateway's REGISTERED); connections accepted before keep their route. */
    public void set(int browserBase, int appBase, int routes) {
        this.ports = new Ports(browserBase, appBase, routes);
    }

    public Ports ports() {
        return ports;
    }

    /** The route that destination port {@code port} means on {@code side}: 1..N, or -1 for none. */
    public int routeOf(ListenerSide side, int port) {
        Ports p = ports;
        int base = side == ListenerSide.BROWSER ? p.browserBase() : p.appBase();
        int r = port - base + 1;
        return r >= 1 && r <= p.routes() ? r : -1;
    }
}
