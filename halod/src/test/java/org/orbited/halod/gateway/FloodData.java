package org.orbited.halod.gateway;

/** Deterministic test bytes: byte i of the stream is (i * 31 + i / 251) & 0xff. */
final class FloodData {
    static final int CHUNK = 64 * 1024;

    private FloodData() {
    }

    static byte[] chunk(long offset) {
        byte[] b = new byte[CHUNK];
        for (int i = 0; i < CHUNK; i++) {
            b[i] = at(offset + i);
        }
        return b;
    }

    static byte at(long i) {
        return (byte) ((i * 31 + i / 251) & 0xff);
    }
}
