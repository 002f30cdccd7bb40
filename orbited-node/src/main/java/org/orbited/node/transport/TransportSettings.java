package org.orbited.node.transport;

import org.orbited.node.config.NodeConfig;

/** The {@code [transport]} settings the framings and connections use. */
public record TransportSettings(long pingMillis, long modernPingMillis, long streamMaxBytes, int sseRetryMillis,
                                String multipartBoundary, boolean originAgentCluster, boolean iframeAlert,
                                long xhrTimeoutMillis, long longPollTimeoutMillis, int longPollMaxBatch) {

    public static TransportSettings from(NodeConfig c) {
        return new TransportSettings(c.pingInterval().toMillis(), c.modernPingInterval().toMillis(),
                c.streamMaxBytes(), c.sseRetryMillis(), c.xhrMultipartBoundary(), c.originAgentCluster(),
                c.iframeAlert(), c.xhrTimeout().toMillis(), c.longPollTimeout().toMillis(), c.longPollMaxBatch());
    }

    public static TransportSettings defaults() {
        return from(NodeConfig.defaults());
    }
}
