package org.orbited.bench;

import io.netty.util.ByteProcessor;

/**
 * Counts Orbit-protocol replies ({@code Success}, {@code Failure}, {@code Error}) in the reply stream of a
 * pipelined app connection: each reply is header lines ending in an empty line, and its first byte names its
 * kind. Replies are not matched to ids: the bench only needs how many were accepted.
 */
public final class OrbitReplyCounter implements ByteProcessor {
    private long success;
    private long failure;
    private long error;
    private boolean atStart = true;
    private int crlf;

    public long success() {
        return success;
    }

    public long failure() {
        return failure;
    }

    public long error() {
        return error;
    }

    public long replies() {
        return success + failure + error;
    }

    @Override
    public boolean process(byte b) {
        if (atStart) {
            if (b == '\r' || b == '\n') {
                return true; // tolerate stray line ends between replies
            }
            switch (b) {
                case 'S' -> success++;
                case 'F' -> failure++;
                default -> error++;
            }
            atStart = false;
            crlf = 0;
            return true;
        }
        if (b == '\n') {
            crlf++;
            if (crlf == 2) {
                atStart = true;
            }
        } else if (b != '\r') {
            crlf = 0;
        }
        return true;
    }
}
