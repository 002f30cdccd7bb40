package org.orbited.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.orbited.node.testing.IoTransports;
import org.orbited.node.testing.RunningNode;

/**
 * {@code [global] io.transport}: which transport each choice means on machines with and without the natives (played
 * by {@link NettyTransportKind.Natives}), the refusal of an explicit choice that cannot run, and a real node on every
 * transport this machine has.
 */
class NettyTransportKindTest {
    private static final Throwable NO_EPOLL = new UnsatisfiedLinkError("could not load libnetty_transport_native_epoll");
    private static final Throwable NO_IO_URING = new RuntimeException("failed to create io_uring ring fd",
            new java.io.IOException("Operation not permitted"));

    private static NettyTransportKind.Natives natives(Throwable epoll, Throwable ioUring) {
        return new NettyTransportKind.Natives() {
            @Override
            public Throwable epollUnavailable() {
                return epoll;
            }

            @Override
            public Throwable ioUringUnavailable() {
                return ioUring;
            }
        };
    }

    @Test
    void autoIsEpollWhereItRunsElseNioAndNeverIoUring() {
        assertThat(NettyTransportKind.resolve("auto", false, natives(null, null))).isEqualTo("epoll");
        assertThat(NettyTransportKind.resolve("auto", false, natives(NO_EPOLL, null))).isEqualTo("nio");
        assertThat(NettyTransportKind.resolve("auto", false, natives(NO_EPOLL, NO_IO_URING))).isEqualTo("nio");
    }

    @Test
    void theOldNioPropertyStillMeansNioInPlaceOfAutoOnly() {
        assertThat(NettyTransportKind.resolve("auto", true, natives(null, null))).isEqualTo("nio");
        assertThat(NettyTransportKind.resolve("epoll", true, natives(null, null))).isEqualTo("epoll");
        assertThat(NettyTransportKind.resolve("io_uring", true, natives(null, null))).isEqualTo("io_uring");
    }

    @Test
    void explicitChoicesAreTakenAsWritten() {
        assertThat(NettyTransportKind.resolve("epoll", false, natives(null, NO_IO_URING))).isEqualTo("epoll");
        assertThat(NettyTransportKind.resolve("io_uring", false, natives(NO_EPOLL, null))).isEqualTo("io_uring");
        assertThat(NettyTransportKind.resolve("nio", false, natives(NO_EPOLL, NO_IO_URING))).isEqualTo("nio");
    }

    @Test
    void anExplicitChoiceThatCannotRunIsRefusedWithNettysReasonNotReplaced() {
        assertThatThrownBy(() -> NettyTransportKind.resolve("io_uring", false, natives(null, NO_IO_URING)))
                .isInstanceOf(NettyTransportKind.UnavailableException.class)
                .hasMessage("io.transport = io_uring: not available here: failed to create io_uring ring fd "
                        + "(Operation not permitted)")
                .hasCause(NO_IO_URING);
        assertThatThrownBy(() -> NettyTransportKind.resolve("epoll", false, natives(NO_EPOLL, null)))
                .isInstanceOf(NettyTransportKind.UnavailableException.class)
                .hasMessage("io.transport = epoll: not available here: could not load libnetty_transport_native_epoll");
    }

    @Test
    void anUnknownNameIsRefused() {
        assertThatThrownBy(() -> NettyTransportKind.resolve("uring", false, natives(null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.transport = uring: unknown (one of auto, epoll, io_uring, nio)");
    }

    @ParameterizedTest(name = "io.transport = {0}")
    @MethodSource("org.orbited.node.testing.IoTransports#all")
    void eachKindPairsItsEventLoopsWithItsOwnChannels(String io) {
        IoTransports.assumeAvailable(io); // the kind's I/O handler factory loads the natives
        String prefix = switch (io) {
            case "epoll" -> "Epoll";
            case "io_uring" -> "IoUring";
            default -> "Nio";
        };
        NettyTransportKind kind = NettyTransportKind.of(io);
        assertThat(kind.name()).isEqualTo(io);
        assertThat(kind.serverChannel().getSimpleName()).isEqualTo(prefix + "ServerSocketChannel");
        assertThat(kind.clientChannel().getSimpleName()).isEqualTo(prefix + "SocketChannel");
    }

    /** The node runs the chosen transport and says so in {@code /_/status}; this machine's natives decide which run. */
    @ParameterizedTest(name = "io.transport = {0}")
    @MethodSource("org.orbited.node.testing.IoTransports#all")
    void aNodeRunsOnTheChosenTransportAndReportsIt(String io) throws Exception {
        IoTransports.assumeAvailable(io);
        try (RunningNode node = RunningNode.start(io, b -> b)) {
            assertThat(node.node().ioTransport()).isEqualTo(io);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.httpPort() + "/_/status")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode status = new ObjectMapper().readTree(r.body());
            assertThat(status.path("io_transport").asText()).isEqualTo(io);
        }
    }

    /** The suite's default ({@code -Dorbited.test.io_transport}, else auto) reaches the nodes tests start bare. */
    @Test
    void aNodeStartedWithoutAChoiceRunsTheSuitesDefault() {
        String choice = IoTransports.testDefault();
        String expected = !choice.equals("auto") ? choice
                : IoTransports.available("epoll") && !Boolean.getBoolean("orbited.nio") ? "epoll" : "nio";
        try (RunningNode node = RunningNode.start()) {
            assertThat(node.node().ioTransport()).isEqualTo(expected);
        }
    }
}
