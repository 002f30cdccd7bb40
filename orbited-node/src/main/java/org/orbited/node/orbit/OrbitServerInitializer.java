package org.orbited.node.orbit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Pipeline of one accepted Orbit connection: flush consolidation, {@link OrbitRequestDecoder},
 * {@link OrbitRequestTimeoutHandler}, flow control, {@link OrbitRequestHandler}. The channel is also added to
 * {@code connections} so that the server can close it on shutdown (a {@link ChannelGroup} forgets closed channels
 * by itself). Every connection's decoder reserves from the same {@link PendingBytes}.
 */
public final class OrbitServerInitializer extends ChannelInitializer<Channel> {
    /** Pipeline name of the flush consolidation. */
    public static final String FLUSH = "flush";
    /** Pipeline name of the {@link OrbitRequestDecoder}. */
    public static final String DECODER = "decoder";
    /** Pipeline name of the {@link OrbitRequestTimeoutHandler}. */
    public static final String REQUEST_TIMEOUT = "request-timeout";
    /**
     * Pipeline name of Netty's {@link FlowControlHandler}: while reading is paused it holds back the requests
     * already decoded from the last read, so that a pause takes effect at the next request, not the next read.
     */
    public static final String FLOW_CONTROL = "flow-control";
    /** Pipeline name of the {@link OrbitRequestHandler}. */
    public static final String HANDLER = "handler";

    private final OrbitSettings settings;
    private final OrbitDispatcher dispatcher;
    private final OrbitStats stats;
    private final ChannelGroup connections;
    private final PendingBytes pendingBytes;
    private final io.netty.channel.ChannelHandler front;

    public OrbitServerInitializer(OrbitSettings settings, OrbitDispatcher dispatcher, OrbitStats stats,
                                  ChannelGroup connections, PendingBytes pendingBytes) {
        this(settings, dispatcher, stats, connections, pendingBytes, null);
    }

    /** {@code front}: a sharable handler put first (the cluster's PROXY admission), or null. */
    public OrbitServerInitializer(OrbitSettings settings, OrbitDispatcher dispatcher, OrbitStats stats,
                                  ChannelGroup connections, PendingBytes pendingBytes,
                                  io.netty.channel.ChannelHandler front) {
        this.front = front;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.stats = stats;
        this.connections = connections;
        this.pendingBytes = pendingBytes;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        if (front != null) {
            ch.pipeline().addLast(front);
        }
        ch.pipeline()
                // replies written from core threads are flushed in batches, not one syscall each
                .addLast(FLUSH, new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast(DECODER, new OrbitRequestDecoder(
                        settings.maxLine(), settings.maxHeaders(), settings.maxBody(), settings.maxHead(), pendingBytes))
                .addLast(REQUEST_TIMEOUT, new OrbitRequestTimeoutHandler(settings.requestTimeoutMillis()))
                .addLast(FLOW_CONTROL, new FlowControlHandler())
                .addLast(HANDLER, new OrbitRequestHandler(dispatcher, stats, settings.maxReplyBacklog(),
                        settings.maxInFlight(), settings.maxInFlightBytes()));
    }
}
