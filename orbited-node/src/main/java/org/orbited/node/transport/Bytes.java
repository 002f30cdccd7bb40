package org.orbited.node.transport;

import java.nio.charset.StandardCharsets;

/** Small byte helpers shared by the framings. */
final class Bytes {
    private Bytes() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] repeat(String s, int times) {
        return ascii(s.repeat(times));
    }

    /**
     * {@code body} with every {@code </} written as {@code <\/}, so a body can never close the script
     * element it is wrapped in (orbit-protocol.md 5.3, script escaping).
     */
    static byte[] escapeScript(byte[] body) {
        int extra = 0;
        for (int i = 0; i + 1 < body.length; i++) {
            if (body[i] == '<' && body[i + 1] == '/') {
                extra++;
            }
        }
        if (extra == 0) {
            return body;
        }
        byte[] out = new byte[body.length + extra];
        int o = 0;
        for (int i = 0; i < body.length; i++) {
            out[o++] = body[i];
            if (body[i] == '<' && i + 1 < body.length && body[i + 1] == '/') {
                out[o++] = '\\';
            }
        }
        return out;
    }

    /** Splits at CR, LF or CRLF and writes {@code field} + line + LF for each line. */
    static byte[] dataLines(String field, byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 16);
        byte[] f = ascii(field);
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            boolean end = i == body.length;
            if (end || body[i] == '\r' || body[i] == '\n') {
                out.write(f, 0, f.length);
                out.write(body, start, i - start);
                out.write('\n');
                if (!end && body[i] == '\r' && i + 1 < body.length && body[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        return out.toByteArray();
    }
}
