package org.orbited.node.cluster;

/**
 * Whether the first bytes of a connection are the start of a PROXY protocol header (v1 text {@code "PROXY "}, v2
 * binary signature), decided on as few bytes as possible. Plain Java. Written here rather than using Netty's
 * {@code HAProxyMessageDecoder.detectProtocol}, which waits for 12 bytes: an interactive direct client (an app
 * typing {@code Orbit 1.0}) may send fewer and wait for nothing.
 */
final class ProxySignature {
    /** What the bytes seen so far say. */
    enum Verdict { V1, V2, NOT_PROXY, NEED_MORE }

    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] V1 = {'P', 'R', 'O', 'X', 'Y', ' '};

    private ProxySignature() {
    }

    /** The verdict on {@code length} bytes read by {@code at}. */
    static Verdict classify(java.util.function.IntUnaryOperator at, int length) {
        boolean v1 = true;
        boolean v2 = true;
        for (int i = 0; i < length && (v1 || v2); i++) {
            int b = at.applyAsInt(i);
            v1 &= i >= V1.length || b == V1[i];
            v2 &= i >= V2.length || b == V2[i];
        }
        if (v2 && length >= V2.length) {
            return Verdict.V2;
        }
        if (v1 && length >= V1.length) {
            return Verdict.V1;
        }
        return v1 || v2 ? Verdict.NEED_MORE : Verdict.NOT_PROXY;
    }
}
