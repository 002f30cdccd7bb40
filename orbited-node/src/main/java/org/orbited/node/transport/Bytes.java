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

    /** The JSON and JavaScript escape of {@code -}: backslash, {@code u002d}. */
    private static final byte[] ESCAPED_DASH = ascii("\\u002d");

    /**
     * {@code body} made safe to write between {@code <script>} and {@code </script>} (docs/transports.md,
     * "Script escaping"): every {@code </} is written {@code <\/}, and every {@code <!--} is written
     * <code>&lt;!-&#92;u002d</code> (its last dash as a JSON escape). The HTML tokenizer leaves plain
     * script data only at {@code </} (an end tag) or at {@code <!--} (the escaped states, in which a
     * {@code <script} hides the next {@code </script>}); with neither sequence in the output, the element
     * always ends at the transport's own {@code </script>}. Both rewrites keep the value of every JSON and
     * JavaScript string, template and regular expression literal they fall in, and neither depends on the
     * bytes before it (a backslash, a multibyte character). A body holding neither sequence is returned as
     * it is.
     */
    static byte[] escapeScript(byte[] body) {
        int extra = 0;
        for (int i = 0; i + 1 < body.length; i++) {
            if (body[i] == '<' && body[i + 1] == '/') {
                extra++;
            } else if (startsComment(body, i)) {
                extra += ESCAPED_DASH.length - 1;
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
            } else if (startsComment(body, i)) {
                out[o++] = '!';
                out[o++] = '-';
                System.arraycopy(ESCAPED_DASH, 0, out, o, ESCAPED_DASH.length);
                o += ESCAPED_DASH.length;
                i += 3;
            }
        }
        return out;
    }

    /** Whether {@code <!--} starts at {@code i}. */
    private static boolean startsComment(byte[] b, int i) {
        return i + 3 < b.length && b[i] == '<' && b[i + 1] == '!' && b[i + 2] == '-' && b[i + 3] == '-';
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
