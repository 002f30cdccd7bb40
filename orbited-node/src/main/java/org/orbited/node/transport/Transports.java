package org.orbited.node.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every transport the node speaks, and the name look-ups of orbit-protocol.md 3.2: the pipe form looks
 * up 0.1 names first (so {@code iframe} there is the 0.1 iframe), the query form 0.2/0.3 and modern
 * names first, then the 0.1-only names. {@code iframe_alert} exists only when enabled.
 */
public final class Transports {
    private final Map<String, Transport> legacy01 = new LinkedHashMap<>();
    private final Map<String, Transport> query = new LinkedHashMap<>();

    public Transports(TransportSettings s) {
        int slot = 1; // slot 0 is the shared JSON framing
        Transport iframe01 = new IframeTransport01("iframe", slot++, IframeTransport01.Style.CALL, s);
        Transport domain = new IframeTransport01("iframe_domain", slot++, IframeTransport01.Style.DOMAIN, s);
        Transport raw01 = new IframeTransport01("iframe_raw", slot++, IframeTransport01.Style.RAW, s);
        Transport xhr = new XhrPollTransport("xhr", slot++);
        Transport xhrBuffered = new XhrPollTransport("xhr_buffered", slot++);
        put(legacy01, iframe01, domain, raw01, xhr, xhrBuffered);
        if (s.iframeAlert()) {
            put(legacy01, new IframeTransport01("iframe_alert", slot, IframeTransport01.Style.ALERT, s));
        }
        slot++;
        Transport htmlfile = new HtmlfileTransport("iframe", slot++, s);
        put(query,
                new PlainStreamTransport("raw", slot++, PlainStreamTransport.Style.RAW),
                new PlainStreamTransport("stream", slot++, PlainStreamTransport.Style.STREAM),
                new PlainStreamTransport("basic", slot++, PlainStreamTransport.Style.BASIC),
                htmlfile,
                new XhrStreamTransport("xhr_stream", slot++, s),
                new XhrMultipartTransport("xhr_multipart", slot++, s),
                new DomEventsTransport("server_sent_events", slot++, s),
                new SseTransport("sse", slot++, s),
                new WebSocketTransport("websocket", slot++, s),
                new LongPollTransport("long_poll", slot++));
        query.put("htmlfile", htmlfile);
    }

    private static void put(Map<String, Transport> m, Transport... ts) {
        for (Transport t : ts) {
            m.put(t.name(), t);
        }
    }

    /**
     * Look-up for pipe-form URLs ({@code /loc|user,session,transport}): the 0.1 transports only
     * (orbit-protocol.md 5.1 offers the 0.2/0.3 and modern ones on the query form).
     */
    public Optional<Transport> forPipeForm(String name) {
        return Optional.ofNullable(legacy01.get(name));
    }

    /** Look-up for query-form URLs ({@code /loc?user=&transport=}). */
    public Optional<Transport> forQueryForm(String name) {
        Transport t = query.get(name);
        return Optional.ofNullable(t != null ? t : legacy01.get(name));
    }
}
