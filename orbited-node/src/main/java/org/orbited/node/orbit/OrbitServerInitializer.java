package org.orbited.node.orbit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.orbited.node.config.NodeConfig;

/**
 * Pipeline of one accepted Orbit connection: flush consolidation, {@link OrbitRequestDecoder},
 * {@link OrbitRequestHandler}. The channel is also added to {@code connections} so that the server can
 * close it on shutdown (a {@link ChannelGroup} forgets closed channels by itself).
 */
public final class OrbitServerInitializer extends ChannelInitializer<Channel> {
    private final NodeConfig config;
    private final OrbitDispatcher dispatcher;
    private final OrbitStats stats;
    private final ChannelGroup connections;

    public OrbitServerInitializer(NodeConfig config, OrbitDispatcher dispatcher, OrbitStats stats,
                                  ChannelGroup connections) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.stats = stats;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        ch.pipeline()
                // replies written from core threads are flushed in batches, not one syscall each
                .addLast("flush", new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast("decoder", new OrbitRequestDecoder(
                        config.opMaxLine(), config.opMaxHeaders(), config.opMaxBody()))
                .addLast("handler", new OrbitRequestHandler(dispatcher, stats, config.opMaxReplyBacklog()));
    }
}
