package org.orbited.client;

import java.util.Arrays;

/**
 * The replies one socket read completed, in order, as the {@link ReplyParser} hands them to its
 * {@link Connection}: the id as a number (0 when the reply has none, or one no request of this client could have,
 * such as {@code 007}), the reply, and a slot for the request it answers. Reused for every read; reader thread only.
 */
final class ReplyBatch implements ReplyParser.Sink {
    long[] ids = new long[256];
    Reply[] replies = new Reply[256];
    PendingRequest[] requests = new PendingRequest[256];
    int size;

    @Override
    public void reply(long id, Reply r) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            replies = Arrays.copyOf(replies, size * 2);
            requests = Arrays.copyOf(requests, size * 2);
        }
        ids[size] = id;
        replies[size] = r;
        size++;
    }

    void clear() {
        Arrays.fill(replies, 0, size, null);
        Arrays.fill(requests, 0, size, null);
        size = 0;
    }
}
