package org.orbited.halod.link;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable test double of the HaloD <em>gateway</em>: a real {@link ServerSocket} on loopback that accepts
 * links, decodes what the node sends with the real codec and lets the test write any line, for the link-level
 * cases the real gateway cannot be made to produce on cue (silence past the fence time, a REGISTERED without bases,
 * a reply held back). The real gateway is tested with real nodes in cluster-tests. Shared with orbited-node's
 * tests through this module's test-jar.
 */
public final class FakeGateway implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<Link> links = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    public FakeGateway() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake-gateway-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** The next link the node opens, waiting up to 10 s. */
    public Link nextLink() throws InterruptedException {
        Link l = links.poll(10, TimeUnit.SECONDS);
        if (l == null) {
            throw new AssertionError("the node opened no link within 10 s");
        }
        return l;
    }

    /** A link opened within {@code ms}, or null. */
    public Link pollLink(long ms) throws InterruptedException {
        return links.poll(ms, TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                links.add(new Link(server.accept()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Link l;
        while ((l = links.poll()) != null) {
            l.close();
        }
    }

    /** One accepted link: what the node sent, in order, and a way to answer. */
    public static final class Link implements AutoCloseable {
        final Socket socket;
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>(); // LinkMessage, or "EOF"
        private final OutputStream out;

        Link(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            Thread t = new Thread(this::readLoop, "fake-gateway-link");
            t.setDaemon(true);
            t.start();
        }

        private void readLoop() {
            try {
                LineReader lines = new LineReader(socket.getInputStream());
                for (byte[] line = lines.readLine(); line != null; line = lines.readLine()) {
                    received.add(LinkCodec.INSTANCE.decode(line, Sender.NODE));
                }
            } catch (IOException | LinkProtocolException e) {
                received.add(e);
            }
            received.add("EOF");
        }

        public void send(LinkMessage m) throws IOException {
            sendRaw(LinkCodec.INSTANCE.encode(m));
        }

        public void sendRaw(String line) throws IOException {
            synchronized (out) {
                out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
            }
        }

        /** The next message of the given type, skipping others (e.g. heartbeats); fails after 10 s or at EOF. */
        public <T> T next(Class<T> type) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                Object o = received.poll(100, TimeUnit.MILLISECONDS);
                if (type.isInstance(o)) {
                    return type.cast(o);
                }
                if ("EOF".equals(o)) {
                    throw new AssertionError("the link ended before a " + type.getSimpleName());
                }
            }
            throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
        }

        /** Waits for the node to close the link (EOF), skipping messages. */
        public void awaitEof() throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                if ("EOF".equals(received.poll(100, TimeUnit.MILLISECONDS))) {
                    return;
                }
            }
            throw new AssertionError("the node did not close the link within 10 s");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
