package org.orbited.bench;

import io.netty.util.ByteProcessor;
import java.util.Arrays;

/**
 * Walks WebSocket frames (RFC 6455) in a raw byte stream without copying them: payload bytes of text and
 * continuation frames go to a {@link ByteProcessor} (a {@link DeliveryScanner}), or are collected whole when
 * {@code collectText} is set (Bayeux, whose replies must be read); control frames (ping, close) are collected
 * (at most 125 bytes by the RFC) and handed to the {@link Listener}. Byte at a time, so any chunking works.
 */
public final class WsFrameScanner implements ByteProcessor {
    /** Frame events; called on the connection's event loop. */
    public interface Listener {
        /** A complete control frame: opcode 0x8 close, 0x9 ping, 0xA pong. */
        void control(int opcode, byte[] payload);

        /** A complete text message when collecting; {@code text[0..length)}. */
        default void text(byte[] text, int length) {
        }
    }

    /** Largest text message collected (Bayeux replies are far smaller). */
    public static final int MAX_COLLECTED = 1 << 20;

    private static final int B0 = 0;
    private static final int B1 = 1;
    private static final int EXT_LEN = 2;
    private static final int MASK = 3;
    private static final int PAYLOAD = 4;

    private final ByteProcessor textBytes;
    private final Listener listener;
    private final boolean collectText;
    private int state = B0;
    private int opcode;
    private int dataOpcode;
    private boolean fin;
    private boolean masked;
    private int extLeft;
    private int maskLeft;
    private long remaining;
    private byte[] control = new byte[125];
    private int controlLen;
    private byte[] collected = new byte[256];
    private int collectedLen;

    public WsFrameScanner(ByteProcessor textBytes, Listener listener, boolean collectText) {
        this.textBytes = textBytes;
        this.listener = listener;
        this.collectText = collectText;
    }

    @Override
    public boolean process(byte b) throws Exception {
        switch (state) {
            case B0 -> {
                fin = (b & 0x80) != 0;
                opcode = b & 0x0F;
                if (opcode != 0 && opcode < 8) {
                    dataOpcode = opcode;
                }
                state = B1;
            }
            case B1 -> {
                masked = (b & 0x80) != 0;
                int len = b & 0x7F;
                if (len == 126 || len == 127) {
                    extLeft = len == 126 ? 2 : 8;
                    remaining = 0;
                    state = EXT_LEN;
                } else {
                    remaining = len;
                    afterLength();
                }
            }
            case EXT_LEN -> {
                remaining = (remaining << 8) | (b & 0xFF);
                if (--extLeft == 0) {
                    afterLength();
                }
            }
            case MASK -> {
                if (--maskLeft == 0) {
                    startPayload();
                }
            }
            case PAYLOAD -> {
                payloadByte(b);
                if (--remaining == 0) {
                    endFrame();
                }
            }
            default -> throw new IllegalStateException("state " + state);
        }
        return true;
    }

    private void afterLength() {
        if (masked) {
            maskLeft = 4; // servers never mask; a masked frame is read past but not unmasked
            state = MASK;
        } else {
            startPayload();
        }
    }

    private void startPayload() {
        controlLen = 0;
        if (remaining == 0) {
            endFrame();
        } else {
            state = PAYLOAD;
        }
    }

    private void payloadByte(byte b) throws Exception {
        if (opcode >= 8) {
            if (controlLen < control.length) {
                control[controlLen++] = b;
            }
        } else if (dataOpcode == 1) {
            if (collectText) {
                if (collectedLen == collected.length && collected.length < MAX_COLLECTED) {
                    collected = Arrays.copyOf(collected, Math.min(MAX_COLLECTED, collected.length * 2));
                }
                if (collectedLen < collected.length) {
                    collected[collectedLen++] = b;
                }
            }
            textBytes.process(b);
        }
    }

    private void endFrame() {
        state = B0;
        if (opcode >= 8) {
            listener.control(opcode, Arrays.copyOf(control, controlLen));
        } else if (fin && dataOpcode == 1 && collectText) {
            listener.text(collected, collectedLen);
            collectedLen = 0;
        }
    }
}
