package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * User data reaches Smack only through its XML model ({@code setBody}, {@code setSubject}, {@code Resourcepart.from},
 * presence status): the bridge's sources never write XML themselves, so no text can become markup on the wire
 * (/work/notes/xmpp-smack.md section 6: Smack's public API has ways to emit raw XML, and they are banned here).
 */
class XmppSafetyRulesTest {
    private static final List<String> BANNED = List.of("XmlStringBuilder", "sendNonza", "StandardExtensionElement.builder",
            "new StandardExtensionElement", " toXML(", "addExtension(new StandardExtensionElement",
            "setCustomSSLContext", "setHostnameVerifier", "setSslContextFactory");

    @Test
    void noSourceBuildsXmlOrWeakensTls() throws IOException {
        Path main = Path.of(System.getProperty("xmpp.classes")).resolve("../../src/main/java").normalize();
        assertThat(main).isDirectory();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(main)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            String text = Files.readString(source);
            for (String banned : BANNED) {
                assertThat(text).as(source.getFileName() + " uses " + banned).doesNotContain(banned);
            }
        }
    }
}
