package org.orbited.node.transport;

/** CORS response header lines for the modern transports. */
final class Cors {
    private Cors() {
    }

    /** The header lines (each ending CRLF) allowing {@code ctx.allowOrigin()}, or "" when none. */
    static String headers(OpenContext ctx) {
        if (ctx == null || ctx.allowOrigin() == null) {
            return "";
        }
        return "Access-Control-Allow-Origin: " + ctx.allowOrigin() + "\r\nAccess-Control-Allow-Credentials: true\r\n"
                + "Vary: Origin\r\n";
    }
}
