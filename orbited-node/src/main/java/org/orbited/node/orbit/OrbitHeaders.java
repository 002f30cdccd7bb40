package org.orbited.node.orbit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header state of the request being parsed; one instance reused per {@link OrbitRequestParser}.
 * Applies rule 3 and 4 of orbit-protocol.md §2.2 line by line; the parser decides what to report.
 */
final class OrbitHeaders {
    private static final byte[] ID = {'i', 'd'};
    private static final byte[] LENGTH = {'l', 'e', 'n', 'g', 't', 'h'};
    private static final byte[] RECIPIENT = {'r', 'e', 'c', 'i', 'p', 'i', 'e', 'n', 't'};
    /** The HaloD cluster extension: the node id the request is meant for (docs/protocol.md, "Addressed node"). */
    private static final byte[] NODE = {'n', 'o', 'd', 'e'};

    private int count;
    private String id;
    private String node;
    private boolean malformed;
    private long length;
    private boolean lengthSeen;
    private boolean lengthInvalid;
    private final List<String> recipients = new ArrayList<>();
    private boolean keepRecipients;

    OrbitHeaders() {
        reset();
    }

    void reset() {
        count = 0;
        id = null;
        node = null;
        malformed = false;
        length = -1;
        lengthSeen = false;
        lengthInvalid = false;
        recipients.clear();
        keepRecipients = true;
    }

    /**
     * Takes one non-empty header line held in {@code line[0, end)}; returns the bytes it kept (the length of a
     * recipient value, else 0) so that the parser can account for them.
     */
    int accept(byte[] line, int end) {
        count++;
        int colon = indexOf(line, end, (byte) ':');
        if (colon < 0) {
            malformed = true;
            return 0;
        }
        int nameFrom = skipSpace(line, 0, colon);
        int nameTo = trimEnd(line, nameFrom, colon);
        int valueFrom = skipSpace(line, colon + 1, end);
        int valueTo = trimEnd(line, valueFrom, end);
        if (nameIs(ID, line, nameFrom, nameTo)) {
            acceptId(OrbitRequestParser.latin1(line, valueFrom, valueTo));
        } else if (nameIs(LENGTH, line, nameFrom, nameTo)) {
            acceptLength(OrbitRequestParser.parseLength(line, valueFrom, valueTo));
        } else if (nameIs(NODE, line, nameFrom, nameTo)) {
            acceptNode(OrbitRequestParser.latin1(line, valueFrom, valueTo));
        } else if (nameIs(RECIPIENT, line, nameFrom, nameTo)) {
            if (keepRecipients) {
                recipients.add(new String(line, valueFrom, valueTo - valueFrom, StandardCharsets.UTF_8));
                return valueTo - valueFrom;
            }
        }
        return 0;
    }

    /** Forgets the recipients read so far and keeps no more for this request (the budget ran out). */
    void dropRecipients() {
        recipients.clear();
        keepRecipients = false;
    }

    /**
     * Whether {@code line[0, end)} is an {@code id}, {@code length} or {@code recipient} header line: a
     * version or action line never is, so such a line in their place means the client left them out.
     */
    static boolean isUsedHeader(byte[] line, int end) {
        int colon = indexOf(line, end, (byte) ':');
        if (colon < 0) {
            return false;
        }
        int nameFrom = skipSpace(line, 0, colon);
        int nameTo = trimEnd(line, nameFrom, colon);
        return nameIs(ID, line, nameFrom, nameTo) || nameIs(LENGTH, line, nameFrom, nameTo)
                || nameIs(RECIPIENT, line, nameFrom, nameTo);
    }

    private void acceptId(String value) {
        if (value.isEmpty()) {
            return;
        }
        if (id == null) {
            id = value;
        } else if (!id.equals(value)) {
            malformed = true;
        }
    }

    /** {@code node} repeated with a different value is malformed, as {@code id} is; an empty value counts as absent. */
    private void acceptNode(String value) {
        if (value.isEmpty()) {
            return;
        }
        if (node == null) {
            node = value;
        } else if (!node.equals(value)) {
            malformed = true;
        }
    }

    private void acceptLength(long value) {
        if (value < 0 || (lengthSeen && value != length)) {
            lengthInvalid = true;
        }
        lengthSeen = true;
        length = value;
    }

    int count() {
        return count;
    }

    /** The first non-empty {@code id}, or null. */
    String id() {
        return id;
    }

    /** The first non-empty {@code node} value (the HaloD extension), or null. */
    String node() {
        return node;
    }

    /** A line without {@code :}, or a conflicting {@code id} or {@code node}, was seen. */
    boolean malformed() {
        return malformed;
    }

    /** The body length, or -1 if {@code length} is missing, invalid or conflicting. */
    long length() {
        return lengthSeen && !lengthInvalid ? length : -1;
    }

    List<String> recipients() {
        return recipients;
    }

    private static int indexOf(byte[] bytes, int end, byte wanted) {
        for (int i = 0; i < end; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] bytes, int from, int to) {
        while (from < to && (bytes[from] & 0xff) <= ' ') {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] bytes, int from, int to) {
        while (to > from && (bytes[to - 1] & 0xff) <= ' ') {
            to--;
        }
        return to;
    }

    private static boolean nameIs(byte[] lowerName, byte[] bytes, int from, int to) {
        if (to - from != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            byte b = bytes[from + i];
            if (b >= 'A' && b <= 'Z') {
                b = (byte) (b + ('a' - 'A'));
            }
            if (b != lowerName[i]) {
                return false;
            }
        }
        return true;
    }
}
