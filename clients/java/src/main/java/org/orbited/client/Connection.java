package org.orbited.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One TCP connection to the Orbit port: callers encode requests into a shared buffer, one writer thread writes
 * whatever has gathered with one socket write, one reader thread decodes the replies and hands each to the
 * {@link Listener}. Ids are a per-connection decimal counter from 1 (orbit-protocol.md §8.2). Once the socket
 * fails the connection is dead for good: {@link #submit} refuses, and {@link #shutdown} hands back every request
 * still waiting for its reply.
 *
 * <h2>Why a writer thread</h2>
 * Writing and flushing each request on the caller's thread cost one system call per event, and with it the
 * node's wake-up per event: that was the client's ceiling. Now {@code submit} only appends the request's bytes
 * to the filling buffer under the lock (and wakes the writer if it sleeps); the writer swaps the filling buffer
 * with the one it just wrote and writes the lot. While one write is in the kernel, the next batch gathers, so
 * the batch size follows the load by itself: one request per write when idle, hundreds under load, with no timer
 * and no added latency. The bytes waiting are bounded by the client's {@code maxInFlight} requests, each of
 * which holds a slot until answered. Plain blocking sockets, because the JDK needs no selector for one reader
 * and one writer per socket, and they keep the client free of any I/O library.
 */
final class Connection {
    /** Receives what the reader thread sees. Called on the reader thread; must not block for long. */
    interface Listener {
        /** {@code r} is the reply; for a plain {@code Success} it is {@link Reply#SUCCESS}, with no id (use {@code p}'s). */
        void onReply(Connection c, PendingRequest p, Reply r);

        void onUnmatchedError(Connection c, Reply r);

        void onLost(Connection c, IOException cause);

        void onProtocolError(Connection c, OrbitProtocolException e);
    }

    /** Buffers start this big and return to it after a burst made them grow. */
    private static final int BUFFER_BYTES = 64 * 1024;
    /** A buffer that grew past this in a burst is dropped for a fresh one afterwards. */
    private static final int KEPT_BUFFER_BYTES = 256 * 1024;
    /** Most bytes handed to one socket write (the JDK copies them into a native buffer of that size). */
    private static final int MAX_WRITE_BYTES = 256 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final Listener listener;
    private final String peer;
    private final Object lock = new Object();
    private final InflightTable inflight = new InflightTable(); // guarded by lock
    private RequestEncoder filling = new RequestEncoder(BUFFER_BYTES); // guarded by lock
    private RequestEncoder draining = new RequestEncoder(BUFFER_BYTES); // the writer's own
    private long nextId = 1; // guarded by lock
    private boolean dead; // guarded by lock
    private boolean writerAsleep; // guarded by lock
    private volatile Thread writer;

    private Connection(Socket socket, Listener listener, String peer) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.listener = listener;
        this.peer = peer;
    }

    /** Connects and starts the reader and writer threads. @throws OrbitConnectException if the node is unreachable */
    static Connection open(String host, int port, int connectTimeoutMillis, Listener listener) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            Connection c = new Connection(s, listener, host + ":" + port);
            String name = host + ":" + port + " local " + s.getLocalPort();
            Thread w = new Thread(c::writeLoop, "orbit-client-writer " + name);
            w.setDaemon(true);
            c.writer = w;
            Thread r = new Thread(c::readLoop, "orbit-client-reader " + name);
            r.setDaemon(true);
            w.start();
            r.start();
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
     * Assigns the next id and queues the request for the writer. Returns {@code false}, having queued nothing, if
     * the connection is already dead. Never blocks on the socket; if the write later fails the connection dies and
     * the request is among those {@link #shutdown} returns, so the caller need not handle it.
     */
    boolean submit(PendingRequest p) {
        boolean wake;
        synchronized (lock) {
            if (dead) {
                return false;
            }
            if (p.isDone()) { // timed out or closed while we were waiting for the lock
                return true;
            }
            long id = nextId++;
            p.id = id;
            p.writes++;
            p.connection = this;
            inflight.put(id, p);
            filling.event(id, p.recipients, p.body, p.nodeId);
            wake = writerAsleep;
            writerAsleep = false;
        }
        if (wake) {
            LockSupport.unpark(writer);
        }
        return true;
    }

    /** Drops a finished request (its reply, if it ever comes, is ignored). */
    void forget(PendingRequest p) {
        synchronized (lock) {
            if (p.connection == this) {
                p.connection = null;
                inflight.remove(p.id);
            }
        }
    }

    int inflight() {
        synchronized (lock) {
            return inflight.size();
        }
    }

    /** Closes the socket, marks the connection dead and returns the requests still waiting for a reply. */
    List<PendingRequest> shutdown() {
        closeSocket(); // first: unblocks the writer stuck in write()
        List<PendingRequest> left;
        synchronized (lock) {
            dead = true;
            left = inflight.drain();
            for (PendingRequest p : left) {
                p.connection = null;
            }
        }
        LockSupport.unpark(writer);
        return left;
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                RequestEncoder batch;
                synchronized (lock) {
                    if (dead) {
                        return;
                    }
                    if (filling.length() == 0) {
                        writerAsleep = true;
                        batch = null;
                    } else {
                        batch = filling;
                        filling = draining;
                        draining = batch;
                    }
                }
                if (batch == null) {
                    LockSupport.park(this); // submit() or shutdown() unparks; a spurious return just loops
                    continue;
                }
                byte[] b = batch.array();
                for (int off = 0, n = batch.length(); off < n; off += MAX_WRITE_BYTES) {
                    out.write(b, off, Math.min(MAX_WRITE_BYTES, n - off));
                }
                batch.clear(KEPT_BUFFER_BYTES);
            }
        } catch (IOException e) {
            closeSocket(); // the reader thread sees it and reports the loss
        }
    }

    private void readLoop() {
        ReplyParser parser = new ReplyParser();
        byte[] buf = new byte[64 * 1024];
        ReplyBatch batch = new ReplyBatch();
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    String partial = parser.pending();
                    throw new IOException("connection closed by " + peer
                            + (partial.isEmpty() ? "" : " in the middle of a reply: \"" + Checks.printable(partial, 200) + "\""));
                }
                parser.feed(buf, 0, n, batch);
                dispatch(batch);
            }
        } catch (OrbitProtocolException e) {
            dispatch(batch); // the replies before the bad bytes
            listener.onProtocolError(this, e);
        } catch (IOException e) {
            listener.onLost(this, e);
        } catch (RuntimeException e) {
            listener.onLost(this, new IOException("reader failed: " + e, e));
        }
    }

    /** Matches the replies of one read under one lock, then reports them outside it. */
    private void dispatch(ReplyBatch batch) {
        int n = batch.size;
        if (n == 0) {
            return;
        }
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                long id = batch.ids[i];
                PendingRequest p = id > 0 ? inflight.remove(id) : null;
                if (p != null) {
                    p.connection = null;
                }
                batch.requests[i] = p;
            }
        }
        for (int i = 0; i < n; i++) {
            PendingRequest p = batch.requests[i];
            Reply r = batch.replies[i];
            if (p != null) {
                listener.onReply(this, p, r);
            } else if (r.status() == Reply.Status.ERROR) {
                listener.onUnmatchedError(this, r);
            }
            // a Success/Failure for an unknown id answers a request that already timed out
        }
        batch.clear();
    }
}
