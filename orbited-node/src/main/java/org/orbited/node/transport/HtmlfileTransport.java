package org.orbited.node.transport;

import org.orbited.node.core.Event;

/**
 * 0.2/0.3 {@code iframe} and its alias {@code htmlfile}: head H-IFRAME (94 bytes, plus
 * {@code Origin-Agent-Cluster: ?0} when enabled), a 1,406-byte prologue that loads {@code /_/iframe.js},
 * then {@code <script>e(B);</script>} per event; capped at the declared 1,000,000 bytes.
 */
final class HtmlfileTransport extends Transport {
    private static final String HEAD_START = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nContent-Type: text/html\r\n"
            + "Cache-Control: no-cache\r\n";
    private static final byte[] HEAD = Bytes.ascii(HEAD_START + "\r\n");
    private static final byte[] HEAD_OAC = Bytes.ascii(HEAD_START + "Origin-Agent-Cluster: ?0\r\n\r\n");
    private static final byte[] PROLOGUE = Bytes.concat(Bytes.ascii("<html>\r\n<head>\r\n"
            + "  <script src=\"/_/iframe.js\" charset=\"utf-8\"></script>\r\n</head>\r\n<body onLoad=\"reload();\">"),
            Bytes.repeat("<span></span>", 100));
    private static final byte[] OPEN = Bytes.ascii("<script>e(");
    private static final byte[] CLOSE = Bytes.ascii(");</script>");
    private static final byte[] PING = Bytes.ascii("<script>p();</script>");
    private static final byte[] RECONNECT = Bytes.ascii("<script>r();</script>");

    HtmlfileTransport(String name, int slot) {
        super(name, slot);
    }

    @Override
    public Family family() {
        return Family.STREAM;
    }

    @Override
    public byte[] head(OpenContext ctx, TransportSettings s) {
        return s.originAgentCluster() ? HEAD_OAC : HEAD;
    }

    @Override
    public byte[] prologue(OpenContext ctx, TransportSettings s) {
        return PROLOGUE;
    }

    @Override
    public long cap(TransportSettings s) {
        return 1_000_000;
    }

    @Override
    public Frame frame(String id, Event e, boolean first) {
        return Frame.of(e.framed(slot(), ev -> Bytes.concat(OPEN, Bytes.escapeScript(ev.body()), CLOSE)));
    }

    @Override
    public byte[] ping() {
        return PING;
    }

    @Override
    public byte[] reconnect() {
        return RECONNECT;
    }
}
