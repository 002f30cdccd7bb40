package org.orbited.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request from {@code send} until its future completes. The encoded bytes after the {@code id}
 * line are built once and reused verbatim when the request is resent. Finishing is idempotent: the
 * first of reply, timeout, connection failure or close wins, and only it releases the in-flight slot.
 */
final class PendingRequest {
    final List<Recipient> recipients;
    final byte[] tail;
    final CompletableFuture<SendResult> future = new CompletableFuture<>();
    /** Completed directly (not via the callback executor) when the request is finished; close() waits on it. */
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable onFinish;
    private final Executor callbacks;
    volatile int writes;
    volatile boolean resent;
    volatile Connection connection;
    volatile String id;
    volatile ScheduledFuture<?> timeout;

    /** @param nodeId the {@code node:} header's value (the HaloD extension), or 0 for none */
    PendingRequest(List<Recipient> recipients, byte[] body, int nodeId, Executor callbacks, Runnable onFinish) {
        this.recipients = recipients;
        this.tail = encodeTail(recipients, body, nodeId);
        this.callbacks = callbacks;
        this.onFinish = onFinish;
    }

    /** {@code node:} (when addressed), {@code recipient:} lines, {@code length:}, the blank line and the body (orbit-protocol.md §8.2). */
    static byte[] encodeTail(List<Recipient> recipients, byte[] body, int nodeId) {
        StringBuilder head = new StringBuilder();
        if (nodeId > 0) {
            head.append("node: ").append(nodeId).append("\r\n");
        }
        for (Recipient r : recipients) {
            head.append("recipient: ").append(r.wireForm()).append("\r\n");
        }
        head.append("length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length + 8);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The full request as written with {@code id}. */
    byte[] encode(String id) {
        byte[] first = ("Orbit/1.0\r\nEvent\r\nid: " + id + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[first.length + tail.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(tail, 0, all, first.length, tail.length);
        return all;
    }

    boolean isDone() {
        return done.get();
    }

    /** Turns the node's reply into the result (or the exception) that completes the future. */
    void answer(Reply reply) {
        switch (reply.status()) {
            case SUCCESS -> succeed(new SendResult(reply.id(), recipients, List.of(), resent));
            case ERROR -> fail(new OrbitRequestException("node answered Error: " + reply.msg(), reply.msg()));
            case FAILURE -> {
                if (reply.recipients().isEmpty()) {
                    fail(new OrbitRequestException("node rejected request " + reply.id() + ": " + reply.msg(), reply.msg()));
                    return;
                }
                List<Recipient> failed = new ArrayList<>();
                for (String raw : reply.recipients()) {
                    Recipient r = match(raw);
                    if (r == null) {
                        fail(new OrbitProtocolException("Failure for request " + reply.id()
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
                succeed(new SendResult(reply.id(), reached, failedInOrder, resent));
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

    void succeed(SendResult result) {
        if (finish()) {
            callbacks.execute(() -> future.complete(result));
        }
    }

    void fail(Throwable error) {
        if (finish()) {
            callbacks.execute(() -> future.completeExceptionally(error));
        }
    }

    private boolean finish() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        Connection c = connection;
        if (c != null && id != null) {
            c.forget(id, this);
        }
        onFinish.run();
        finished.complete(null);
        return true;
    }
}
