package org.orbited.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One request from {@code send} until its future completes. It keeps its recipients and a body the caller
 * cannot change, so that a resend writes the same bytes (with the new connection's id). Finishing is idempotent:
 * the first of reply, timeout, connection failure or close wins; it alone leaves {@link Outstanding}, releases
 * the in-flight slot, and hands the request to the {@link Completer}, which completes the future on the
 * callback executor.
 */
final class PendingRequest {
    private static final AtomicIntegerFieldUpdater<PendingRequest> DONE =
            AtomicIntegerFieldUpdater.newUpdater(PendingRequest.class, "done");

    final List<Recipient> recipients;
    final byte[] body;
    final int nodeId;
    final CompletableFuture<SendResult> future = new CompletableFuture<>();
    private final Hooks hooks;
    private volatile int done;
    volatile int writes;
    volatile boolean resent;
    /** The connection whose in-flight table holds this request, or null once it was taken out of it. */
    volatile Connection connection;
    /** Id on the connection it was last written to, 0 before the first write. */
    volatile long id;
    private SendResult result; // written before the hand-off to the Completer, read after it
    private Throwable error;
    // Outstanding's links, guarded by the Outstanding
    long deadline;
    PendingRequest older;
    PendingRequest newer;
    boolean linked;

    /** What finishing a request does besides completing its future: supplied by the client. */
    interface Hooks {
        /** Called once, on the finishing thread, before the future is handed on. */
        void finished(PendingRequest p);

        Completer completer();
    }

    /**
     * @param body owned by this request from now on (copy a caller's array first)
     * @param nodeId the {@code node:} header's value (the HaloD extension), or 0 for none
     */
    PendingRequest(List<Recipient> recipients, byte[] body, int nodeId, Hooks hooks) {
        this.recipients = recipients;
        this.body = body;
        this.nodeId = nodeId;
        this.hooks = hooks;
    }

    /** The id as the wire and {@link SendResult#id()} show it, or "" before the first write. */
    String idText() {
        long i = id;
        return i == 0 ? "" : Long.toString(i);
    }

    boolean isDone() {
        return done != 0;
    }

    /** Turns the node's reply into the result (or the exception) that completes the future. */
    void answer(Reply reply) {
        switch (reply.status()) {
            case SUCCESS -> succeed(new SendResult(idText(), recipients, List.of(), resent));
            case ERROR -> fail(new OrbitRequestException("node answered Error: " + reply.msg(), reply.msg()));
            case FAILURE -> {
                if (reply.recipients().isEmpty()) {
                    fail(new OrbitRequestException("node rejected request " + idText() + ": " + reply.msg(), reply.msg()));
                    return;
                }
                List<Recipient> failed = new ArrayList<>();
                for (String raw : reply.recipients()) {
                    Recipient r = match(raw);
                    if (r == null) {
                        fail(new OrbitProtocolException("Failure for request " + idText()
                                + " names a recipient that was not requested: \"" + Checks.printable(raw, 200) + "\""));
                        return;
                    }
                    if (!failed.contains(r)) {
                        failed.add(r);
                    }
                }
                List<Recipient> reached = new ArrayList<>(recipients);
                reached.removeAll(failed);
                List<Recipient> failedInOrder = new ArrayList<>(recipients);
                failedInOrder.retainAll(failed);
                succeed(new SendResult(idText(), reached, failedInOrder, resent));
            }
            default -> throw new AssertionError(reply.status());
        }
    }

    private Recipient match(String raw) {
        String v = raw.length() >= 2 && raw.startsWith("(") && raw.endsWith(")") ? raw.substring(1, raw.length() - 1) : raw;
        for (Recipient r : recipients) {
            if (r.wireForm().equals(v)) {
                return r;
            }
        }
        return null;
    }

    void succeed(SendResult r) {
        if (DONE.compareAndSet(this, 0, 1)) {
            result = r;
            handOn();
        }
    }

    void fail(Throwable e) {
        if (DONE.compareAndSet(this, 0, 1)) {
            error = e;
            handOn();
        }
    }

    private void handOn() {
        Connection c = connection;
        if (c != null) {
            c.forget(this);
        }
        hooks.finished(this);
        hooks.completer().add(this);
    }

    /** Called by the {@link Completer} on the callback executor. */
    void completeFuture() {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(result);
        }
    }
}
