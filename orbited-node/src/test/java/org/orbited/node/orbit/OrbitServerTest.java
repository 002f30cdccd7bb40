package org.orbited.node.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link OrbitServer} on a real NIO socket, 127.0.0.1 port 0, replies given from a core thread. */
class OrbitServerTest {
    private EventLoopGroup group;
    private ExecutorService core;
    private OrbitServer server;
    private final OrbitStats stats = new OrbitStats();
    private final RecordingDispatcher dispatcher = new RecordingDispatcher(command -> core.execute(command));

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        core = Executors.newSingleThreadExecutor();
        OrbitSettings settings = new OrbitSettings("127.0.0.1", 0, 65536, 10000, 1 << 20, 1 << 20, 16 << 20,
                30_000, 64L << 20, 10_000, 16L << 20);
        server = new OrbitServer(settings, dispatcher, stats, group, group, NioServerSocketChannel.class);
        assertThat(server.bind()).isPositive();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        core.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Reads until {@code count} replies (each ending in an empty line) have arrived. */
    private static String readReplies(InputStream in, int count) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.toString(StandardCharsets.ISO_8859_1).split("\r\n\r\n", -1).length <= count) {
            int b = in.read();
            assertThat(b).as("connection closed early after %s", got).isNotNegative();
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void twoPipelinedRequestsGetTwoReplies() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((OrbitRequestDecoderTest.ONE + OrbitRequestDecoderTest.TWO)
                    .getBytes(StandardCharsets.US_ASCII));
            String replies = readReplies(socket.getInputStream(), 2);
            // replies may overtake each other; this core answers in order, but match by id anyway
            assertThat(replies.split("(?<=\r\n\r\n)"))
                    .containsExactlyInAnyOrder("Success\r\nid: 1\r\n\r\n", "Success\r\nid: 2\r\n\r\n");
            assertThat(dispatcher.ids()).containsExactly("1", "2");
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.repliesOut() == 2);
        }
    }

    @Test
    void closeConnectionsEndsOpenConnectionsAndCloseStopsAccepting() throws Exception {
        int port = server.port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(OrbitRequestDecoderTest.ONE.getBytes(StandardCharsets.US_ASCII));
            assertThat(readReplies(socket.getInputStream(), 1)).isEqualTo("Success\r\nid: 1\r\n\r\n");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(server.closeConnections().await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
        server.close();
        // NIO releases a closed listening socket's fd at the selector's next wake-up, so poll briefly
        await().atMost(Duration.ofSeconds(5)).until(() -> refusesConnections(port));
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return e instanceof ConnectException;
        }
    }

    @Test
    void closingErrorOnARealSocketRepliesThenCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(OrbitRequestDecoderTest.NO_LENGTH.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(readReplies(in, 1)).isEqualTo("Failure\r\nid: 4\r\nmsg: missing or invalid length header\r\n\r\n");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void bindingTwiceFailsFast() {
        assertThatThrownBy(server::bind).isInstanceOf(IllegalStateException.class).hasMessageContaining("already bound");
    }
}
