package org.orbited.client;

import java.util.List;

/**
 * One decoded reply frame (orbit-protocol.md §2.1 "Replies", §2.2).
 *
 * @param status {@code Success}, {@code Failure} or {@code Error}
 * @param id the {@code id:} value, {@code null} only for {@code Error}
 * @param msg the {@code msg:} value or {@code null}
 * @param recipients the {@code recipient:} values, parentheses kept, in reply order
 */
record Reply(Status status, String id, String msg, List<String> recipients) {
    enum Status { SUCCESS, FAILURE, ERROR }
}
