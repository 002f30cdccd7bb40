package org.orbited.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The static content of the HTTP port (orbit-protocol.md 3.2): {@code /_/about}, {@code /_/test},
 * {@code /_/orbited.js}, {@code /_/orbited.mjs}, {@code /_/iframe.js}, {@code /_/favicon.ico},
 * {@code /_/demo.js} and the demo page at {@code /}.
 *
 * <p>The files are classpath resources under {@code org/orbited/node/static/}; the browser client
 * ({@code orbited.js}, {@code orbited.mjs}, {@code iframe.js}) is copied there from
 * {@code clients/js} by the build. They are read once by
 * {@link #load(String, int)} at startup; a missing resource fails startup. In the HTML files the
 * placeholders {@code {{VERSION}}} and {@code {{ORBIT_PORT}}} are replaced by the node's version
 * (HTML-escaped) and Orbit port. After loading, an instance is immutable and safe to share between
 * threads; {@link #find(String)} never blocks.
 *
 * <p>Routing stays with the caller: it strips the query string and rewrites {@code /favicon.ico} to
 * {@code /_/favicon.ico} before asking.
 */
public final class StaticFiles {
    /** The Orbit port shown when none is given (the {@code op.port} default). */
    public static final int DEFAULT_ORBIT_PORT = 9000;

    static final String HTML = "text/html; charset=utf-8";
    static final String JAVASCRIPT = "application/javascript; charset=utf-8";
    static final String ICON = "image/x-icon";

    private static final String RESOURCE_DIR = "/org/orbited/node/static/";

    private record Source(String path, String resource, String contentType) {}

    private static final List<Source> SOURCES = List.of(
            new Source("/", "index.html", HTML),
            new Source("/_/about", "about.html", HTML),
            new Source("/_/test", "test.html", HTML),
            new Source("/_/orbited.js", "orbited.js", JAVASCRIPT),
            new Source("/_/orbited.mjs", "orbited.mjs", JAVASCRIPT),
            new Source("/_/iframe.js", "iframe.js", JAVASCRIPT),
            new Source("/_/demo.js", "demo.js", JAVASCRIPT),
            new Source("/_/favicon.ico", "favicon.ico", ICON));

    private final Map<String, StaticFile> files;
    private final WebircFiles webirc;

    private StaticFiles(Map<String, StaticFile> files, WebircFiles webirc) {
        this.files = files;
        this.webirc = webirc;
    }

    /** These files and the WebIRC widget's ({@code [webirc]}), served under their own prefix. */
    public StaticFiles withWebirc(WebircFiles webirc) {
        return new StaticFiles(files, Objects.requireNonNull(webirc, "webirc"));
    }

    /** The WebIRC widget's files; serves nothing unless {@link #withWebirc} gave some. */
    public WebircFiles webirc() {
        return webirc;
    }

    /** Loads the files showing the default Orbit port, {@value #DEFAULT_ORBIT_PORT}. */
    public static StaticFiles load(String version) {
        return load(version, DEFAULT_ORBIT_PORT);
    }

    /**
     * Reads every file from the classpath and substitutes the placeholders.
     *
     * @param version the node version shown on the about, test and demo pages
     * @param orbitPort the Orbit port shown in the demo page's command, 0 to 65535
     * @throws IllegalArgumentException if {@code orbitPort} is out of range
     * @throws IllegalStateException if a resource is missing from the classpath
     * @throws UncheckedIOException if a resource cannot be read
     */
    public static StaticFiles load(String version, int orbitPort) {
        Objects.requireNonNull(version, "version");
        if (orbitPort < 0 || orbitPort > 65535) {
            throw new IllegalArgumentException("orbitPort out of range: " + orbitPort);
        }
        Map<String, StaticFile> files = new LinkedHashMap<>();
        for (Source source : SOURCES) {
            byte[] bytes = read(source.resource());
            if (source.contentType().equals(HTML)) {
                String text = new String(bytes, StandardCharsets.UTF_8)
                        .replace("{{VERSION}}", escapeHtml(version))
                        .replace("{{ORBIT_PORT}}", Integer.toString(orbitPort));
                bytes = text.getBytes(StandardCharsets.UTF_8);
            }
            files.put(source.path(), new StaticFile(source.path(), source.contentType(), bytes));
        }
        return new StaticFiles(Map.copyOf(files), WebircFiles.none());
    }

    /** The file served at {@code path} (no query string), or empty if there is none. */
    public Optional<StaticFile> find(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** Every path served. */
    public Set<String> paths() {
        return files.keySet();
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(RESOURCE_DIR + resource)) {
            if (in == null) {
                throw new IllegalStateException("static resource missing from the classpath: " + RESOURCE_DIR + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read static resource " + RESOURCE_DIR + resource, e);
        }
    }

    private static String escapeHtml(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
