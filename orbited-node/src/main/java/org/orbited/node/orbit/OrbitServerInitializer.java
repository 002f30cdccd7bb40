package org.orbited.node.orbit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Pipeline of one accepted Orbit connection: flush consolidation, {@link OrbitRequestDecoder},
 * {@link OrbitRequestHandler}. The channel is also added to {@code connections} so that the server can
 * close it on shutdown (a {@link ChannelGroup} forgets closed channels by itself).
 */
public final class OrbitServerInitializer extends ChannelInitializer<Channel> {
    /** Pipeline name of the flush consolidation. */
    public static final String FLUSH = "flush";
    /** Pipeline name of the {@link OrbitRequestDecoder}. */
    public static final String DECODER = "decoder";
    /** Pipeline name of the {@link OrbitRequestHandler}. */
    public static final String HANDLER = "handler";

    private final OrbitSettings settings;
    private final OrbitDispatcher dispatcher;
    private final OrbitStats stats;
    private final ChannelGroup connections;

    public OrbitServerInitializer(OrbitSettings settings, OrbitDispatcher dispatcher, OrbitStats stats,
                                  ChannelGroup connections) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.stats = stats;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        ch.pipeline()
                // replies written from core threads are flushed in batches, not one syscall each
                .addLast(FLUSH, new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast(DECODER, new OrbitRequestDecoder(
                        settings.maxLine(), settings.maxHeaders(), settings.maxBody()))
                .addLast(HANDLER, new OrbitRequestHandler(dispatcher, stats, settings.maxReplyBacklog()));
    }
}
