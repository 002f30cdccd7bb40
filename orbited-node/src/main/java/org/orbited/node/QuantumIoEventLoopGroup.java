package org.orbited.node;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.RejectedExecutionHandlers;
import java.util.concurrent.Executor;

/**
 * Netty's event-loop group with a chosen task quantum: how long one loop runs queued tasks (the node's write
 * drains) before it looks at its sockets again. Netty's default is 1 s, and its system property cannot go below
 * 100 ms; a fan-out that queues thousands of drains then keeps every socket of the loop unread until they are
 * done, so a publisher's next request (and its reply) waits behind the whole fan-out. A quantum of a millisecond
 * or two interleaves reading with the drains.
 */
final class QuantumIoEventLoopGroup extends MultiThreadIoEventLoopGroup {
    private QuantumIoEventLoopGroup(int threads, String prefix, IoHandlerFactory factory, long quantumMillis) {
        super(threads, new DefaultThreadFactory(prefix, true), factory, quantumMillis);
    }

    /** A group of {@code threads} loops (0: Netty's default) running tasks at most {@code quantumMillis} at a time. */
    static QuantumIoEventLoopGroup create(int threads, String prefix, IoHandlerFactory factory, long quantumMillis) {
        if (quantumMillis < 1) {
            throw new IllegalArgumentException("task quantum must be at least 1 ms: " + quantumMillis);
        }
        return new QuantumIoEventLoopGroup(threads, prefix, factory, quantumMillis);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory factory, Object... args) {
        // called from the super constructor, before quantumMillis is assigned: the value travels in args
        long quantum = (Long) args[0];
        return new SingleThreadIoEventLoop(this, executor, factory, Integer.MAX_VALUE,
                RejectedExecutionHandlers.reject(), quantum);
    }
}
