package org.orbited.node.cluster;

import java.io.ByteArrayOutputStream;

/** Hand-built PROXY protocol v2 headers (HAProxy spec section 2.2) for tests: TCP over IPv4. */
final class ProxyV2 {
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyV2() {
    }

    /** PROXY command, TCP4, {@code 192.0.2.7:srcPort -> 127.0.0.1:dstPort}, with {@code tlvBytes} of padding TLV. */
    static byte[] header(int srcPort, int dstPort, int tlvBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(0x21); // version 2, PROXY
        out.write(0x11); // AF_INET, STREAM
        int tlv = tlvBytes == 0 ? 0 : 3 + tlvBytes;
        int len = 12 + tlv;
        out.write(len >> 8);
        out.write(len & 0xff);
        out.writeBytes(new byte[] {(byte) 192, 0, 2, 7});
        out.writeBytes(new byte[] {127, 0, 0, 1});
        out.write(srcPort >> 8);
        out.write(srcPort & 0xff);
        out.write(dstPort >> 8);
        out.write(dstPort & 0xff);
        if (tlvBytes > 0) {
            out.write(0x04); // PP2_TYPE_NOOP
            out.write(tlvBytes >> 8);
            out.write(tlvBytes & 0xff);
            out.writeBytes(new byte[tlvBytes]);
        }
        return out.toByteArray();
    }

    static byte[] header(int dstPort) {
        return header(40000, dstPort, 0);
    }
}
