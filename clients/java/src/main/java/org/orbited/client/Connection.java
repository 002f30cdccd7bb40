package org.orbited.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One TCP connection to the Orbit port: writers share it under a lock, one reader thread decodes the
 * replies and hands each to the {@link Listener}. Ids are a per-connection decimal counter from 1
 * (orbit-protocol.md §8.2). Once the socket fails the connection is dead for good: {@link #submit}
 * refuses, and {@link #shutdown} hands back every request still waiting for its reply.
 */
final class Connection {
    /** Receives what the reader thread sees. Called on the reader thread; must not block for long. */
    interface Listener {
        void onReply(Connection c, PendingRequest p, Reply r);

        void onUnmatchedError(Connection c, Reply r);

        void onLost(Connection c, IOException cause);

        void onProtocolError(Connection c, OrbitProtocolException e);
    }

    private final Socket socket;
    private final OutputStream out;
    private final Listener listener;
    private final String peer;
    private final Object writeLock = new Object();
    private final Map<String, PendingRequest> inflight = new ConcurrentHashMap<>();
    private long nextId = 1; // guarded by writeLock
    private boolean dead; // guarded by writeLock

    private Connection(Socket socket, Listener listener, String peer) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.listener = listener;
        this.peer = peer;
    }

    /** Connects and starts the reader thread. @throws OrbitConnectException if the node is unreachable */
    static Connection open(String host, int port, int connectTimeoutMillis, Listener listener) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            Connection c = new Connection(s, listener, host + ":" + port);
            Thread t = new Thread(c::readLoop, "orbit-client-reader " + host + ":" + port + " local " + s.getLocalPort());
            t.setDaemon(true);
            t.start();
            return c;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new OrbitConnectException("cannot connect to the Orbit port " + host + ":" + port + ": " + e, e);
        }
    }

    String peer() {
        return peer;
    }

    /**
     * Assigns the next id and writes the request. Returns {@code false}, having written nothing, if the
     * connection is already dead. A write that fails kills the connection; the request is then among
     * those {@link #shutdown} returns, so the caller need not handle it. May block while the socket's
     * send buffer is full.
     */
    boolean submit(PendingRequest p) {
        synchronized (writeLock) {
            if (dead) {
                return false;
            }
            String id = Long.toString(nextId++);
            p.connection = this;
            p.id = id;
            p.writes++;
            inflight.put(id, p);
            if (p.isDone()) { // timed out or closed while we were waiting for the lock
                inflight.remove(id, p);
                return true;
            }
            try {
                out.write(p.encode(id));
                out.flush();
            } catch (IOException e) {
                closeSocket(); // the reader thread sees it and reports the loss
            }
            return true;
        }
    }

    /** Drops a finished request (its reply, if it ever comes, is ignored). */
    void forget(String id, PendingRequest p) {
        inflight.remove(id, p);
    }

    int inflight() {
        return inflight.size();
    }

    /** Closes the socket, marks the connection dead and returns the requests still waiting for a reply. */
    List<PendingRequest> shutdown() {
        closeSocket(); // first: unblocks a writer stuck in write() so the lock comes free
        synchronized (writeLock) {
            dead = true;
            List<PendingRequest> left = new ArrayList<>(inflight.values());
            inflight.clear();
            left.sort((a, b) -> Long.compare(Long.parseLong(a.id), Long.parseLong(b.id)));
            return left;
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void readLoop() {
        ReplyParser parser = new ReplyParser();
        byte[] buf = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    String partial = parser.pending();
                    throw new IOException("connection closed by " + peer
                            + (partial.isEmpty() ? "" : " in the middle of a reply: \"" + Checks.printable(partial, 200) + "\""));
                }
                for (Reply r : parser.feed(buf, 0, n)) {
                    PendingRequest p = r.id() == null ? null : inflight.remove(r.id());
                    if (p != null) {
                        listener.onReply(this, p, r);
                    } else if (r.status() == Reply.Status.ERROR) {
                        listener.onUnmatchedError(this, r);
                    }
                    // a Success/Failure for an unknown id answers a request that already timed out
                }
            }
        } catch (OrbitProtocolException e) {
            listener.onProtocolError(this, e);
        } catch (IOException e) {
            listener.onLost(this, e);
        } catch (RuntimeException e) {
            listener.onLost(this, new IOException("reader failed: " + e, e));
        }
    }
}
