package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {
    /** Surefire runs in the module directory; the client's source is a sibling of the module. */
    private static final Path CLIENTS_JS = Path.of("..", "clients", "js").toAbsolutePath().normalize();

    private final StaticFiles files = StaticFiles.load("1.2.3-test", 9123);

    @ParameterizedTest
    @CsvSource({
        "/, text/html; charset=utf-8",
        "/_/about, text/html; charset=utf-8",
        "/_/test, text/html; charset=utf-8",
        "/_/orbited.js, application/javascript; charset=utf-8",
        "/_/orbited.mjs, application/javascript; charset=utf-8",
        "/_/iframe.js, application/javascript; charset=utf-8",
        "/_/demo.js, application/javascript; charset=utf-8",
        "/_/favicon.ico, image/x-icon",
    })
    void everyPathIsServedWithItsContentType(String path, String contentType) {
        StaticFile file = files.find(path).orElseThrow();
        assertThat(file.path()).isEqualTo(path);
        assertThat(file.contentType()).isEqualTo(contentType);
        assertThat(file.bytes()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/_/", "/_/nothing", "/_/about/", "/favicon.ico", "/_/orbited.js?v=1", "/demo", ""})
    void unknownPathsAreEmpty(String path) {
        assertThat(files.find(path)).isEmpty();
    }

    @Test
    void aboutNamesTheNodeVersionAndCompatibility() {
        assertThat(text("/_/about"))
                .contains("orbited-node", "1.2.3-test", "Orbited 0.1–0.3 wire-compatible")
                .doesNotContain("{{");
    }

    @Test
    void placeholdersAreSubstitutedInEveryHtmlFile() {
        for (String path : new String[] {"/", "/_/about", "/_/test"}) {
            assertThat(text(path)).as(path).doesNotContain("{{VERSION}}", "{{ORBIT_PORT}}");
        }
        assertThat(text("/")).contains("<meta name=\"orbit-port\" content=\"9123\">", "1.2.3-test");
    }

    @Test
    void defaultOrbitPortIs9000() {
        assertThat(new String(StaticFiles.load("x").find("/").orElseThrow().bytes(), StandardCharsets.UTF_8))
                .contains("<meta name=\"orbit-port\" content=\"9000\">");
    }

    @Test
    void versionIsHtmlEscaped() {
        String about = new String(StaticFiles.load("<b>&").find("/_/about").orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertThat(about).contains("&lt;b&gt;&amp;").doesNotContain("<b>&");
    }

    @Test
    void outOfRangePortIsRejected() {
        assertThatThrownBy(() -> StaticFiles.load("x", 65536)).hasMessageContaining("65536");
    }

    @Test
    void demoPageIsSelfContainedAndLoadsItsScript() {
        assertThat(text("/"))
                .contains("<meta charset=\"utf-8\">", "<title>Orbited node</title>", "<script src=\"/_/demo.js\"></script>")
                .doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
        assertThat(text("/_/demo.js"))
                .contains("new EventSource(", "'&session=' + session + '&transport=sse'", "textContent")
                .doesNotContain("innerHTML");
    }

    @Test
    void iframeJsAttachesToTheParent() {
        assertThat(text("/_/iframe.js"))
                .contains("parent.Orbited.attach_iframe(window)", "function p()", "function r()", "function reload()",
                        "document.domain")
                .doesNotContain("alert(");
    }

    @Test
    void orbitedJsKeepsTheLegacyApi() {
        assertThat(text("/_/orbited.js")).contains(
                "var Orbited = (function (window, document)",
                "O.connect = function (event_cb, user, location, session, transport)", "O.open = ",
                "O.create_xhr", "O.log", "O.extract_xss_domain", "O.attach_iframe", "O.hide_iframe",
                "O.kill_load_bar", "legacyEval");
    }

    @Test
    void faviconIsAnIcoFile() {
        ByteBuffer ico = ByteBuffer.wrap(files.find("/_/favicon.ico").orElseThrow().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ico.getShort(0)).as("reserved").isZero();
        assertThat(ico.getShort(2)).as("type 1 = icon").isEqualTo((short) 1);
        assertThat(ico.getShort(4)).as("image count").isEqualTo((short) 1);
        int size = ico.getInt(6 + 8);
        int offset = ico.getInt(6 + 12);
        assertThat(offset + size).as("image fits the file").isEqualTo(ico.capacity());
        assertThat(ico.getInt(offset)).as("BITMAPINFOHEADER size").isEqualTo(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/_/orbited.js", "/_/orbited.mjs", "/_/iframe.js", "/_/demo.js"})
    void javascriptParses(String path, @TempDir Path dir) throws Exception {
        assumeTrue(nodeOnPath(), "node is not on the PATH");
        Path script = dir.resolve(path.substring(path.lastIndexOf('/') + 1));
        Files.write(script, files.find(path).orElseThrow().bytes());
        Process node = new ProcessBuilder("node", "--check", script.toString()).redirectErrorStream(true).start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node --check finished").isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as("node --check %s: %s", path, output).isZero();
    }

    /** Drives orbited.js in node with fake XHR, WebSocket, EventSource and timers (see the .js file). */
    @Test
    void orbitedJsBehavesPerTheProtocol(@TempDir Path dir) throws Exception {
        assumeTrue(nodeOnPath(), "node is not on the PATH");
        Path client = dir.resolve("orbited.js");
        Files.write(client, files.find("/_/orbited.js").orElseThrow().bytes());
        Path check = dir.resolve("orbited-client-check.js");
        try (var in = StaticFilesTest.class.getResourceAsStream("orbited-client-check.js")) {
            Files.write(check, in.readAllBytes());
        }
        Process node = new ProcessBuilder("node", check.toString(), client.toString()).redirectErrorStream(true).start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("OK");
    }

    /** The served client is clients/js, copied by the build (orbited-node/pom.xml), not a second copy. */
    @ParameterizedTest
    @CsvSource({"/_/orbited.js, src/orbited.js", "/_/iframe.js, src/iframe.js", "/_/orbited.mjs, dist/orbited.mjs"})
    void jsClientIsServedFromClientsJs(String path, String source) throws Exception {
        assertThat(files.find(path).orElseThrow().bytes()).as(path).isEqualTo(Files.readAllBytes(CLIENTS_JS.resolve(source)));
    }

    /**
     * The budget for the served classic script after gzip at the default level: 6 KiB, plus 320 bytes since
     * issue 12 for Orbited.route/routeUrl, plus 96 for instance=/attempt= (clients/js/build.mjs BUDGET).
     */
    @Test
    void orbitedJsFitsItsGzipBudget() throws Exception {
        var gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(files.find("/_/orbited.js").orElseThrow().bytes());
        }
        assertThat(gz.size()).as("gzipped /_/orbited.js").isLessThanOrEqualTo(6560);
    }

    /** clients/js/build.mjs --check: dist/orbited.mjs is a fresh build of src/orbited.js and loads as a module. */
    @Test
    void orbitedMjsIsAFreshBuildOfTheSource() throws Exception {
        assumeTrue(nodeOnPath(), "node is not on the PATH");
        Process node = new ProcessBuilder("node", CLIENTS_JS.resolve("build.mjs").toString(), "--check")
                .redirectErrorStream(true).start();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.exitValue()).as(output).isZero();
    }

    static boolean nodeOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "node"))) {
                return true;
            }
        }
        return false;
    }

    private String text(String path) {
        return new String(files.find(path).orElseThrow().bytes(), StandardCharsets.UTF_8);
    }
}
