package org.orbited.node.transport;

import java.util.regex.Pattern;
import org.orbited.node.core.Event;

/**
 * The 0.1 iframe family ({@code iframe} on the pipe form, {@code iframe_domain}, {@code iframe_alert},
 * {@code iframe_raw}): head P01, a padding prologue, one script (or raw HTML) per event, capped at
 * the declared Content-Length of 100,000 bytes.
 */
final class IframeTransport01 extends Transport {
    enum Style { CALL, DOMAIN, ALERT, RAW }

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n";
    static final byte[] PROLOGUE = Bytes.concat(Bytes.ascii("<!-- " + "Orbited iframe stream: this padding makes "
            + "older browsers render the response incrementally. ".repeat(5) + "-->\n"),
            Bytes.repeat("<span></span>", 100));
    private static final byte[] CALL_OPEN = Bytes.ascii("<script>window.parent.event(");
    private static final byte[] CALL_CLOSE = Bytes.ascii(");</script>\n");
    private static final byte[] ALERT_OPEN = Bytes.ascii("<script>alert('iframe_alert' + ");
    private static final Pattern SAFE_DOMAIN = Pattern.compile("[A-Za-z0-9._:-]+");

    private final Style style;

    IframeTransport01(String name, int slot, Style style, TransportSettings s) {
        super(name, slot, Family.STREAM, Bytes.ascii(HEAD
                        + (style == Style.DOMAIN && s.originAgentCluster() ? "Origin-Agent-Cluster: ?0\r\n" : "") + "\r\n"),
                PROLOGUE, 100_000, Bytes.ascii("<!-- p -->\n"),
                Bytes.ascii("<script>window.parent.reconnect && window.parent.reconnect();</script>\n"));
        this.style = style;
    }

    @Override
    public boolean writesHost() {
        return style == Style.DOMAIN;
    }

    /**
     * P01's padding, and for {@code iframe_domain} the {@code document.domain} script. The router has checked the
     * Host ({@link #writesHost()}); a domain with any other character than the checked ones is still never
     * written (the script is left out), so no Host can end the script or its string.
     */
    @Override
    public byte[] prologue(OpenContext ctx) {
        if (style != Style.DOMAIN || ctx.host() == null) {
            return PROLOGUE;
        }
        String domain = documentDomain(ctx.host());
        if (!SAFE_DOMAIN.matcher(domain).matches()) {
            return PROLOGUE;
        }
        return Bytes.concat(PROLOGUE, Bytes.ascii("\n<script>document.domain=\"" + domain + "\"</script>\n"));
    }

    /** The Host header minus its port: an IPv4 address as is, otherwise its last two labels. */
    static String documentDomain(String host) {
        String h = host;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return h;
        }
        String[] labels = h.split("\\.");
        if (labels.length <= 2) {
            return h;
        }
        return labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return Frame.of(e.framed(slot(), this::shared));
    }

    private byte[] shared(Event e) {
        return switch (style) {
            case RAW -> e.body();
            case ALERT -> Bytes.concat(ALERT_OPEN, Bytes.escapeScript(e.body()), CALL_CLOSE);
            default -> Bytes.concat(CALL_OPEN, Bytes.escapeScript(e.body()), CALL_CLOSE);
        };
    }
}
