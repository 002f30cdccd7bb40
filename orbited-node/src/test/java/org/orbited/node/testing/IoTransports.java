package org.orbited.node.testing;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code [global] io.transport} choices the real-socket tests run with.
 *
 * <p>A class runs once per transport with JUnit's class parameterisation:
 * <pre>{@code
 * @ParameterizedClass(name = "io.transport = {0}")
 * @MethodSource("org.orbited.node.testing.IoTransports#all")
 * class SomeTest {
 *     @Parameter String io;
 *
 *     @BeforeEach
 *     void onlyWhereItRuns() { IoTransports.assumeAvailable(io); }
 *
 *     ... RunningNode.start(b -> b.ioTransport(io) ...)
 * }
 * }</pre>
 * A transport this machine cannot run is skipped with Netty's reason ({@link #assumeAvailable}), never passed; the
 * abort belongs in {@code @BeforeEach}, so that every test shows as skipped in the reports (Surefire does not count a
 * class invocation aborted as a whole). A class sharing one node per transport starts it in a
 * {@code @BeforeParameterizedClassInvocation} method only when {@link #available} says so.
 *
 * <p>Every other node a test starts ({@link RunningNode}) runs on {@link #testDefault()}: {@code auto} unless the
 * build sets {@value #DEFAULT_PROPERTY} ({@code mvn ... -Dorbited.test.io_transport=io_uring}) to run the whole suite
 * on one transport. A default this machine cannot run fails the node's start, as it would in production.
 */
public final class IoTransports {
    /** The system property naming the transport of every node the tests start without choosing one. */
    public static final String DEFAULT_PROPERTY = "orbited.test.io_transport";

    private IoTransports() {
    }

    /** Every transport a user can choose explicitly: the parameter source of the parameterised classes. */
    public static List<String> all() {
        return List.of("epoll", "io_uring", "nio");
    }

    /** The {@code io.transport} of nodes whose test does not choose one: {@value #DEFAULT_PROPERTY}, else auto. */
    public static String testDefault() {
        String v = System.getProperty(DEFAULT_PROPERTY, "").trim();
        return v.isEmpty() ? "auto" : v;
    }

    /** Netty's reason why {@code io} cannot run on this machine, or null when it can ({@code nio} always can). */
    public static Throwable unavailability(String io) {
        return switch (io) {
            case "epoll" -> Epoll.unavailabilityCause();
            case "io_uring" -> IoUring.unavailabilityCause();
            default -> null;
        };
    }

    /** Whether this machine can run {@code io}. */
    public static boolean available(String io) {
        return unavailability(io) == null;
    }

    /** Aborts the calling test (reported skipped, with Netty's reason) when this machine cannot run {@code io}. */
    public static void assumeAvailable(String io) {
        Throwable cause = unavailability(io);
        if (cause != null) {
            Assumptions.abort("io.transport = " + io + " is not available on this machine: " + cause);
        }
    }
}
