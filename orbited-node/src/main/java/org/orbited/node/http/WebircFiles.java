package org.orbited.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The WebIRC widget's files (docs/webirc.md), served under {@code [webirc] path} ({@code /webirc}): the widget
 * ({@code widget.js}), the help-desk page ({@code helper.html}, {@code helper.js}) and the demo site
 * ({@code index.html}, also at {@code <path>/}).
 *
 * <p>They are class-path resources under {@code org/orbited/webirc/static/} (module {@code webirc}, built from its
 * {@code dist/}); {@code manifest.txt} there lists the file names, one per line. Everything is read once at start;
 * an instance is immutable and {@link #find(String)} never blocks. A build without the files (no manifest) serves
 * nothing and says so through {@link #isEmpty()}.
 *
 * <p>Every response gets a strong {@code ETag} (so {@code If-None-Match} gives 304) and {@code nosniff}. The widget
 * is embedded by other sites' pages: it is cacheable for five minutes and readable cross-origin
 * ({@code Access-Control-Allow-Origin: *}, which carries no credentials). The pages get a Content-Security-Policy
 * that allows only this node's scripts and connections and no framing.
 */
public final class WebircFiles {
    static final String RESOURCE_DIR = "/org/orbited/webirc/static/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; media-src 'self' data:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'; object-src 'none'";

    /** One file: its bytes, content type, entity tag and the headers it is served with. */
    public record File(String name, String contentType, byte[] bytes, String etag, Map<String, String> headers) {
    }

    private final String prefix;
    private final Map<String, File> files;

    private WebircFiles(String prefix, Map<String, File> files) {
        this.prefix = prefix;
        this.files = files;
    }

    /** Serves nothing (the {@code [webirc] enabled = 0} case). */
    public static WebircFiles none() {
        return new WebircFiles("", Map.of());
    }

    /**
     * Reads the manifest and every file it lists.
     *
     * @param path {@code [webirc] path}, e.g. {@code /webirc}; empty serves nothing
     * @throws IllegalStateException if the manifest names a missing file or an unsafe name
     */
    public static WebircFiles load(String path) {
        return load(path, RESOURCE_DIR);
    }

    /** {@link #load(String)} from another class-path directory ({@code /a/b/}): for tests. */
    static WebircFiles load(String path, String resourceDir) {
        if (path.isEmpty()) {
            return none();
        }
        byte[] manifest = read(resourceDir, "manifest.txt");
        if (manifest == null) {
            return new WebircFiles(path, Map.of());
        }
        Map<String, File> files = new LinkedHashMap<>();
        for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            if (!NAME.matcher(name).matches() || name.contains("..")) {
                throw new IllegalStateException("webirc manifest.txt: unsafe file name '" + name + "'");
            }
            byte[] bytes = read(resourceDir, name);
            if (bytes == null) {
                throw new IllegalStateException("webirc manifest.txt lists " + name + ", missing from "
                        + resourceDir);
            }
            files.put(name, file(name, bytes));
        }
        return new WebircFiles(path, Map.copyOf(files));
    }

    /** Whether there is nothing to serve. */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The path prefix ({@code /webirc}), empty when nothing is served. */
    public String prefix() {
        return files.isEmpty() ? "" : prefix;
    }

    /** Whether {@code path} (no query) is this prefix or under it. */
    public boolean owns(String path) {
        return !files.isEmpty() && (path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    /** The file at {@code path}: {@code <prefix>/} is {@code index.html}; empty for anything else. */
    public Optional<File> find(String path) {
        if (!path.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        String name = path.substring(prefix.length() + 1);
        return Optional.ofNullable(files.get(name.isEmpty() ? "index.html" : name));
    }

    private static File file(String name, byte[] bytes) {
        String type = contentType(name);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        if (name.equals("widget.js")) {
            headers.put("Cache-Control", "public, max-age=300");
            headers.put("Access-Control-Allow-Origin", "*");
            headers.put("Cross-Origin-Resource-Policy", "cross-origin");
        } else {
            headers.put("Cache-Control", "no-cache");
        }
        if (type.startsWith("text/html")) {
            headers.put("Content-Security-Policy", PAGE_POLICY);
            headers.put("X-Frame-Options", "DENY");
            headers.put("Referrer-Policy", "no-referrer");
        }
        return new File(name, type, bytes, etag(bytes), Map.copyOf(headers));
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "js", "mjs" -> "application/javascript; charset=utf-8";
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json" -> "application/json; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "ogg" -> "audio/ogg";
            case "mp3" -> "audio/mpeg";
            case "wav" -> "audio/wav";
            default -> "application/octet-stream";
        };
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String dir, String name) {
        try (InputStream in = WebircFiles.class.getResourceAsStream(dir + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + name, e);
        }
    }
}
