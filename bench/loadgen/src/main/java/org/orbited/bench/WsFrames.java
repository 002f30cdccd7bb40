package org.orbited.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Client-to-server WebSocket frames. They are masked with the all-zero key (RFC 6455 allows any key), so the
 * payload bytes go out unchanged and nothing has to be XORed. */
final class WsFrames {
    static final String UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    private WsFrames() {
    }

    static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload) {
        ByteBuf out = alloc.buffer(payload.length + 14);
        out.writeByte(0x80 | opcode);
        if (payload.length < 126) {
            out.writeByte(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            out.writeByte(0x80 | 126).writeShort(payload.length);
        } else {
            out.writeByte(0x80 | 127).writeLong(payload.length);
        }
        out.writeInt(0); // the mask key
        return out.writeBytes(payload);
    }
}
