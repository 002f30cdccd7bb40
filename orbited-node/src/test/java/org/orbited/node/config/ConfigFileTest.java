package org.orbited.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class ConfigFileTest {

    @Test
    void parsesSectionsKeysAndProxyRulesWithLineNumbers() {
        ConfigFile f = ConfigFile.parse("orbited.cfg", """
                [global]
                http.port = 8000
                op.port=9000

                [proxy]
                / -> http://127.0.0.1:4700
                /cherrychat -> ORBITED
                """);

        assertThat(f.syntaxErrors()).isEmpty();
        assertThat(f.sections()).extracting(ConfigFile.Section::name, ConfigFile.Section::line)
                .containsExactly(tuple("global", 1), tuple("proxy", 5));
        assertThat(f.entries())
                .extracting(ConfigFile.Entry::section, ConfigFile.Entry::key, ConfigFile.Entry::value, ConfigFile.Entry::line)
                .containsExactly(
                        tuple("global", "http.port", "8000", 2),
                        tuple("global", "op.port", "9000", 3),
                        tuple("proxy", "/", "http://127.0.0.1:4700", 6),
                        tuple("proxy", "/cherrychat", "ORBITED", 7));
    }

    @Test
    void splitsAtFirstEqualsAndStripsCommentsAnywhere() {
        ConfigFile f = ConfigFile.parse("orbited.cfg", """
                # a full-line comment
                [global]   # comment after a header
                session.default_key = a=b   # trailing comment
                  http.bind =   10.0.0.1
                #op.port = 1
                """);

        assertThat(f.syntaxErrors()).isEmpty();
        assertThat(f.entries()).extracting(ConfigFile.Entry::key, ConfigFile.Entry::value, ConfigFile.Entry::line)
                .containsExactly(tuple("session.default_key", "a=b", 3), tuple("http.bind", "10.0.0.1", 4));
    }

    @Test
    void backslashHashIsALiteralHashNotAComment() {
        ConfigFile f = ConfigFile.parse("orbited.cfg", """
                [plugin:irc]
                channels = \\#help, \\#chat-*   # the allowlist
                path = a\\b # a backslash before anything else stays
                """);

        assertThat(f.syntaxErrors()).isEmpty();
        assertThat(f.entries()).extracting(ConfigFile.Entry::key, ConfigFile.Entry::value)
                .containsExactly(tuple("channels", "#help, #chat-*"), tuple("path", "a\\b"));
    }

    @Test
    void acceptsWindowsLineEndings() {
        ConfigFile f = ConfigFile.parse("orbited.cfg", "[global]\r\nhttp.port = 1\r\n\r\nop.port = 2\r\n");

        assertThat(f.entries()).extracting(ConfigFile.Entry::value, ConfigFile.Entry::line)
                .containsExactly(tuple("1", 2), tuple("2", 4));
    }

    @Test
    void logValuesAreCommaLists() {
        ConfigFile f = ConfigFile.parse("orbit.cfg", "[log]\nlog.access = screen, /var/log/access.log ,\n");

        assertThat(f.entries().get(0).commaList()).containsExactly("screen", "/var/log/access.log");
    }

    @Test
    void reportsEveryMalformedLineWithItsNumber() {
        ConfigFile f = ConfigFile.parse("orbited.cfg", """
                http.port = 8000
                [global]
                no equals sign here
                = 5
                [proxy]
                /foo = http://x:1
                [broken
                """);

        assertThat(f.syntaxErrors()).extracting(ConfigProblem::line).containsExactly(1, 3, 4, 6, 7);
        assertThat(f.syntaxErrors().get(0).message()).contains("outside any [section]");
        assertThat(f.syntaxErrors().get(1).message()).contains("'key = value'");
        assertThat(f.syntaxErrors().get(3).message()).contains("'prefix -> target'");
        assertThat(f.syntaxErrors().get(4).message()).contains("section header");
    }

    @Test
    void fileNameIsTheLastPathElement() {
        assertThat(ConfigFile.parse("/etc/orbited/orbit.cfg", "").fileName()).isEqualTo("orbit.cfg");
        assertThat(ConfigFile.parse("orbited.cfg", "").fileName()).isEqualTo("orbited.cfg");
    }
}
