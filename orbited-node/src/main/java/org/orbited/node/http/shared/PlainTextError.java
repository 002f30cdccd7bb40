package org.orbited.node.http.shared;

/**
 * One entry of an HTTP error catalog: a status and a one-line body template. {@link HttpResponses#error} turns it
 * into the response of orbit-protocol.md 3.2 ({@code text/plain; charset=utf-8}, {@code Connection: close}).
 *
 * <p>Implemented by the catalogs' enums: {@link HttpError} for the comet endpoints and the router,
 * {@code bayeux.netty.BayeuxHttpError} for the Bayeux endpoint.
 */
public interface PlainTextError {
    /** The HTTP status code. */
    int status();

    /** The body line, with at most one {@code %s} for the offending value. */
    String template();

    /**
     * The body line, with {@code arg} filled in: control characters become {@code ?} and the value is cut after
     * 200 characters, so a hostile value can neither split the line nor make it long.
     */
    default String message(Object arg) {
        String template = template();
        if (!template.contains("%s")) {
            return template;
        }
        String a = String.valueOf(arg).replaceAll("[\\p{Cntrl}]", "?");
        if (a.length() > 200) {
            a = a.substring(0, 200) + "...";
        }
        return String.format(template, a);
    }
}
