package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The widget's files as the node serves them: manifest, paths, headers (docs/webirc.md, "Serving"). */
class WebircFilesTest {
    private static final String DIR = "/org/orbited/node/webirc-test/";

    @Test
    void servesWhatTheManifestListsUnderThePrefixAndTheDemoSiteAtTheRoot() {
        WebircFiles files = WebircFiles.load("/help", DIR);
        assertThat(files.isEmpty()).isFalse();
        assertThat(files.prefix()).isEqualTo("/help");
        assertThat(files.find("/help/widget.js")).get()
                .satisfies(f -> assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).startsWith("window.X=1;"));
        assertThat(files.find("/help/")).get().extracting(WebircFiles.File::name).isEqualTo("index.html");
        assertThat(files.find("/help/manifest.txt")).as("not listed: not served").isEmpty();
        assertThat(files.find("/help/nope.js")).isEmpty();
        assertThat(files.find("/helpwidget.js")).isEmpty();
        assertThat(files.owns("/help")).isTrue();
        assertThat(files.owns("/help/anything")).isTrue();
        assertThat(files.owns("/helpdesk")).as("a longer segment is another location").isFalse();
        assertThat(files.owns("/")).isFalse();
    }

    @Test
    void theWidgetIsCacheableAndCrossOriginThePagesAreLockedDown() {
        WebircFiles files = WebircFiles.load("/webirc", DIR);
        WebircFiles.File widget = files.find("/webirc/widget.js").orElseThrow();
        assertThat(widget.contentType()).isEqualTo("application/javascript; charset=utf-8");
        assertThat(widget.headers()).containsEntry("Access-Control-Allow-Origin", "*")
                .containsEntry("Cache-Control", "public, max-age=300")
                .containsEntry("X-Content-Type-Options", "nosniff")
                .doesNotContainKey("Content-Security-Policy");
        assertThat(widget.etag()).matches("\"[0-9a-f]{24}\"");
        WebircFiles.File page = files.find("/webirc/helper.html").orElseThrow();
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.headers()).containsEntry("X-Frame-Options", "DENY").containsEntry("Cache-Control", "no-cache")
                .doesNotContainKey("Access-Control-Allow-Origin");
        assertThat(page.headers().get("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'",
                "connect-src 'self';"); // CSP 3: 'self' covers this node's ws: and wss:, and nothing else
        assertThat(page.headers().get("Content-Security-Policy")).doesNotContain("ws:", "wss:");
        assertThat(page.etag()).isNotEqualTo(widget.etag());
    }

    @Test
    void withoutAManifestOrWhenDisabledNothingIsServed() {
        assertThat(WebircFiles.load("/webirc", "/org/orbited/node/no-such-dir/").isEmpty()).isTrue();
        assertThat(WebircFiles.load("/webirc", "/org/orbited/node/no-such-dir/").owns("/webirc/widget.js")).isFalse();
        assertThat(WebircFiles.load("", DIR).owns("/webirc/widget.js")).isFalse();
        assertThat(WebircFiles.none().prefix()).isEmpty();
    }

    @Test
    void aManifestNamingAPathOutsideItsDirectoryStopsTheStart() {
        assertThatThrownBy(() -> WebircFiles.load("/webirc", "/org/orbited/node/webirc-bad/"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unsafe file name '../secret'");
    }

    @Test
    void contentTypesByExtension() {
        assertThat(WebircFiles.contentType("a.css")).startsWith("text/css");
        assertThat(WebircFiles.contentType("a.svg")).isEqualTo("image/svg+xml");
        assertThat(WebircFiles.contentType("a.bin")).isEqualTo("application/octet-stream");
    }
}
