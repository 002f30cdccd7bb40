package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * 0.2/0.3 {@code iframe} and its alias {@code htmlfile}: head H-IFRAME (94 bytes, plus
 * {@code Origin-Agent-Cluster: ?0} when enabled), a 1,406-byte prologue that loads {@code /_/iframe.js},
 * then {@code <script>e(B);</script>} per event; capped at the declared 1,000,000 bytes.
 */
final class HtmlfileTransport extends Transport {
    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nContent-Type: text/html\r\n"
            + "Cache-Control: no-cache\r\n";
    private static final byte[] PROLOGUE = Bytes.concat(Bytes.ascii("<html>\r\n<head>\r\n"
            + "  <script src=\"/_/iframe.js\" charset=\"utf-8\"></script>\r\n</head>\r\n<body onLoad=\"reload();\">"),
            Bytes.repeat("<span></span>", 100));
    private static final byte[] OPEN = Bytes.ascii("<script>e(");
    private static final byte[] CLOSE = Bytes.ascii(");</script>");

    HtmlfileTransport(String name, int slot, TransportSettings s) {
        super(name, slot, Family.STREAM,
                Bytes.ascii(HEAD + (s.originAgentCluster() ? "Origin-Agent-Cluster: ?0\r\n" : "") + "\r\n"),
                PROLOGUE, 1_000_000, Bytes.ascii("<script>p();</script>"), Bytes.ascii("<script>r();</script>"));
    }

    @Override
    public String statsName() {
        return "htmlfile";
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return Frame.of(e.framed(slot(), ev -> Bytes.concat(OPEN, Bytes.escapeScript(ev.body()), CLOSE)));
    }
}
