package org.orbited.client;

import java.util.List;

/**
 * One decoded reply frame (orbit-protocol.md §2.1 "Replies", §2.2).
 *
 * @param status {@code Success}, {@code Failure} or {@code Error}
 * @param id the {@code id:} value, {@code null} for {@code Error} and for the shared {@link #SUCCESS}
 * @param msg the {@code msg:} value or {@code null}
 * @param recipients the {@code recipient:} values, parentheses kept, in reply order
 */
record Reply(Status status, String id, String msg, List<String> recipients) {
    /**
     * A plain {@code Success\r\nid: n\r\n\r\n}, the reply to nearly every request: the parser hands this one
     * instance on with the id as a number instead of decoding a new reply each time.
     */
    static final Reply SUCCESS = new Reply(Status.SUCCESS, null, null, List.of());

    enum Status { SUCCESS, FAILURE, ERROR }
}
