package org.orbited.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code io.task_quantum_ms} an event loop busy with a long run of queued tasks (a large fan-out's write
 * drains) still reads its sockets in between: a request that arrives meanwhile is read before the last task runs.
 * With Netty's default quantum (1 s) the same request waits for all of them.
 */
class QuantumIoEventLoopGroupTest {
    private static final int TASKS = 20_000;
    private static final long TASK_NANOS = 5_000; // 100 ms of tasks in all

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll", "io_uring"})
    void socketIsReadBetweenQueuedTasks(String transport) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(NettyTransportKind.problem(transport).isEmpty(),
                () -> transport + " cannot run here: " + NettyTransportKind.problem(transport).orElse(""));
        NettyTransportKind kind = NettyTransportKind.of(transport);
        EventLoopGroup group = kind.newGroup(1, "quantum-test", 1);
        AtomicInteger done = new AtomicInteger();
        CompletableFuture<Integer> tasksDoneAtRead = new CompletableFuture<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(kind.serverChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ((ByteBuf) msg).release();
                                    tasksDoneAtRead.complete(done.get());
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) server.localAddress()).getPort())) {
                EventLoop loop = (EventLoop) group.next();
                loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // the accepted channel is registered by now
                for (int i = 0; i < TASKS; i++) {
                    loop.execute(() -> {
                        long end = System.nanoTime() + TASK_NANOS;
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                        done.incrementAndGet();
                    });
                }
                client.getOutputStream().write('x');
                int atRead = tasksDoneAtRead.get(30, TimeUnit.SECONDS);
                assertThat(atRead).as("tasks run before the socket was read").isLessThan(TASKS);
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
