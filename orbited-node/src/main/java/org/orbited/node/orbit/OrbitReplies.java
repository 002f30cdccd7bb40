package org.orbited.node.orbit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Byte-exact Orbit replies (orbit-protocol.md §2.1 and §2.2). Stateless and thread-safe; every method
 * returns a fresh array. The {@code id} is written back as ISO-8859-1, i.e. byte-for-byte as it was
 * received; recipient forms are written as UTF-8, the charset they were decoded with.
 */
public final class OrbitReplies {
    private static final byte[] CRLF = {'\r', '\n'};

    private OrbitReplies() {
    }

    /** {@code Success\r\nid: X\r\n\r\n}. */
    public static byte[] success(String id) {
        return new Reply().line("Success").id(id).end();
    }

    /**
     * A delivery failure: {@code Failure}, {@code id: X}, {@code msg: Failed to reach one or more
     * recipients}, then one {@code recipient: F} line per entry of {@code failedForms} in the given
     * order (each already parenthesised, see {@link Recipient#failureForm()}), then an empty line.
     */
    public static byte[] failure(String id, List<String> failedForms) {
        Reply r = new Reply().line("Failure").id(id).msg(OrbitErrorCode.RECIPIENTS_FAILED);
        for (String form : failedForms) {
            r.header("recipient: ", form, StandardCharsets.UTF_8);
        }
        return r.end();
    }

    /** A malformed request whose id is known: {@code Failure\r\nid: X\r\nmsg: M\r\n\r\n}. */
    public static byte[] malformed(String id, OrbitErrorCode code) {
        return new Reply().line("Failure").id(id).msg(code).end();
    }

    /** A malformed request without a known id: {@code Error\r\nmsg: M\r\n\r\n}. */
    public static byte[] error(OrbitErrorCode code) {
        return new Reply().line("Error").msg(code).end();
    }

    /** {@link #malformed} when the id is known, else {@link #error}. */
    public static byte[] forMalformed(OrbitMalformed malformed) {
        return malformed.id() == null
                ? error(malformed.code())
                : malformed(malformed.id(), malformed.code());
    }

    private static final class Reply {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Reply line(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(CRLF);
            return this;
        }

        Reply id(String id) {
            return header("id: ", Objects.requireNonNull(id, "id"), StandardCharsets.ISO_8859_1);
        }

        Reply msg(OrbitErrorCode code) {
            return header("msg: ", code.message(), StandardCharsets.US_ASCII);
        }

        Reply header(String prefix, String value, Charset charset) {
            out.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(value.getBytes(charset));
            out.writeBytes(CRLF);
            return this;
        }

        byte[] end() {
            out.writeBytes(CRLF);
            return out.toByteArray();
        }
    }
}
