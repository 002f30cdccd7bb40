package org.orbited.node.http;

import java.util.Objects;

/**
 * One file served by the HTTP port: its request path, its {@code Content-Type} header value and
 * its bytes, ready to write.
 *
 * <p>The byte array is shared by every response (encode once, share the bytes): callers must
 * treat it as read-only.
 */
public record StaticFile(String path, String contentType, byte[] bytes) {
    public StaticFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public String toString() {
        return "StaticFile[" + path + ", " + contentType + ", " + bytes.length + " bytes]";
    }
}
