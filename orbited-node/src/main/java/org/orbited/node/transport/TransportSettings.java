package org.orbited.node.transport;

/**
 * The timings and limits the framings and connections work with; the daemon fills it from the {@code [transport]}
 * section.
 *
 * @param pingMillis            keep-alive interval of the 0.1-0.3 streams ({@code ping_interval})
 * @param modernPingMillis      keep-alive interval of sse and websocket ({@code modern_ping_interval})
 * @param streamMaxBytes        bytes after which a legacy stream without a declared length ({@code xhr_stream},
 *                              {@code xhr_multipart}, {@code server_sent_events}) asks the browser to reconnect
 *                              ({@code stream_max_bytes})
 * @param modernMaxBytes        bytes after which an {@code sse} stream or a {@code websocket} asks the browser to
 *                              reconnect, 0 for never ({@code modern_stream_max_bytes})
 * @param sseRetryMillis        the {@code retry:} sent to EventSource ({@code sse.retry})
 * @param multipartBoundary     boundary of {@code xhr_multipart} ({@code xhr_multipart.boundary})
 * @param originAgentCluster    whether iframe_domain, 0.2 iframe and htmlfile heads send
 *                              {@code Origin-Agent-Cluster: ?0} ({@code origin_agent_cluster})
 * @param iframeAlert           whether the {@code iframe_alert} transport is offered ({@code iframe_alert})
 * @param xhrTimeoutMillis      how long an xhr poll is held ({@code xhr.timeout})
 * @param longPollTimeoutMillis how long a long poll is held ({@code long_poll.timeout})
 * @param longPollMaxBatch      events in one long-poll response at most ({@code long_poll.max_batch})
 */
public record TransportSettings(long pingMillis, long modernPingMillis, long streamMaxBytes, long modernMaxBytes,
                                int sseRetryMillis, String multipartBoundary, boolean originAgentCluster,
                                boolean iframeAlert, long xhrTimeoutMillis, long longPollTimeoutMillis,
                                int longPollMaxBatch) {

    /** The documented defaults (configuration.md, {@code [transport]}). */
    public static TransportSettings defaults() {
        return new TransportSettings(60_000, 25_000, 1_048_576, 0, 2000, "orbited--", true, false, 30_000, 30_000, 100);
    }
}
