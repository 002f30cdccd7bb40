package org.orbited.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Optional;
import org.orbited.node.config.NodeConfig;

/**
 * The Netty I/O transport of both ports, the dev proxy's backend connections and every event loop of the node
 * ({@code [global] io.transport}): its name, its {@link io.netty.channel.IoHandler} and its channel classes. Every
 * channel the node creates takes its class from here, so they all share the one choice (a channel can only be
 * registered on an event loop of its own transport).
 *
 * <p>Choosing: {@code auto} is native epoll when the platform has it, else NIO; it never picks io_uring. An explicit
 * {@code epoll} or {@code io_uring} that this machine cannot run is refused ({@link #select}), never replaced by
 * another transport. The 0.x system property {@code -Dorbited.nio=true} still means {@code nio}, in place of
 * {@code auto} only.
 */
record NettyTransportKind(String name, IoHandlerFactory factory, Class<? extends ServerChannel> serverChannel,
                          Class<? extends SocketChannel> clientChannel) {
    /** The 0.x switch to NIO, kept: it stands for {@code io.transport = nio} when the key is {@code auto}. */
    static final String LEGACY_NIO_PROPERTY = "orbited.nio";

    /** Why a native transport cannot run here: Netty's unavailability cause, or null when it can. */
    interface Natives {
        Throwable epollUnavailable();

        Throwable ioUringUnavailable();

        /** This JVM on this machine, as Netty's probes see it. */
        Natives PLATFORM = new Natives() {
            @Override
            public Throwable epollUnavailable() {
                return Epoll.unavailabilityCause();
            }

            @Override
            public Throwable ioUringUnavailable() {
                return IoUring.unavailabilityCause();
            }
        };
    }

    /** Thrown when the configured transport cannot run on this machine; the message is the operator's line. */
    static final class UnavailableException extends IllegalStateException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The transport for {@code io.transport = choice} on this machine.
     *
     * @throws UnavailableException when {@code choice} names a native transport this machine cannot run:
     *         {@code io.transport = io_uring: not available here: <Netty's cause>}
     * @throws IllegalArgumentException when {@code choice} is not one of {@link NodeConfig#IO_TRANSPORTS}
     */
    static NettyTransportKind select(String choice) {
        return of(resolve(choice, Boolean.getBoolean(LEGACY_NIO_PROPERTY), Natives.PLATFORM));
    }

    /** Why {@code choice} cannot run here (the same line {@link #select} would throw), or empty when it can. */
    static Optional<String> problem(String choice) {
        try {
            resolve(choice, Boolean.getBoolean(LEGACY_NIO_PROPERTY), Natives.PLATFORM);
            return Optional.empty();
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The name of the transport {@code choice} means: {@code epoll}, {@code io_uring} or {@code nio}. Plain logic
     * over {@code natives}, so a test can play a machine without epoll or io_uring.
     */
    static String resolve(String choice, boolean legacyNio, Natives natives) {
        switch (choice) {
            case "auto":
                return !legacyNio && natives.epollUnavailable() == null ? "epoll" : "nio";
            case "nio":
                return "nio";
            case "epoll":
                requireAvailable(choice, natives.epollUnavailable());
                return "epoll";
            case "io_uring":
                requireAvailable(choice, natives.ioUringUnavailable());
                return "io_uring";
            default:
                throw new IllegalArgumentException("io.transport = " + choice + ": unknown (one of "
                        + String.join(", ", NodeConfig.IO_TRANSPORTS) + ")");
        }
    }

    private static void requireAvailable(String choice, Throwable cause) {
        if (cause != null) {
            throw new UnavailableException("io.transport = " + choice + ": not available here: " + describe(cause),
                    cause);
        }
    }

    /** Netty's cause in one line: its message, and the innermost cause's when that says more. */
    static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        if (root == cause) {
            return top;
        }
        String inner = root.getMessage() != null ? root.getMessage() : root.toString();
        return top.contains(inner) ? top : top + " (" + inner + ")";
    }

    /** The transport named {@code name} ({@code epoll}, {@code io_uring} or {@code nio}); its natives must load. */
    static NettyTransportKind of(String name) {
        return switch (name) {
            case "epoll" -> new NettyTransportKind(name, EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
            case "io_uring" -> new NettyTransportKind(name, IoUringIoHandler.newFactory(),
                    IoUringServerSocketChannel.class, IoUringSocketChannel.class);
            case "nio" -> new NettyTransportKind(name, NioIoHandler.newFactory(), NioServerSocketChannel.class,
                    NioSocketChannel.class);
            default -> throw new IllegalArgumentException("no I/O transport named " + name);
        };
    }

    /** A group of {@code threads} loops (0: Netty's default) with Netty's task quantum. */
    EventLoopGroup newGroup(int threads, String prefix) {
        return newGroup(threads, prefix, 0);
    }

    /**
     * A group of {@code threads} loops (0: Netty's default) that run queued tasks at most {@code taskQuantumMillis}
     * at a time before looking at their sockets again (0: Netty's default, 1 s).
     */
    EventLoopGroup newGroup(int threads, String prefix, int taskQuantumMillis) {
        if (taskQuantumMillis > 0) {
            return QuantumIoEventLoopGroup.create(threads, prefix, factory, taskQuantumMillis);
        }
        return new MultiThreadIoEventLoopGroup(threads, new io.netty.util.concurrent.DefaultThreadFactory(prefix, true),
                factory);
    }
}
