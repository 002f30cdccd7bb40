package org.orbited.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [auth]} section: keys parsed, the key read at load time, a missing key a config error naming it. */
class AuthConfigLoaderTest {

    private static LoadedConfig load(String text) throws ConfigException {
        return ConfigLoader.load(ConfigFile.parse("orbited.cfg", text), Map.of());
    }

    private static ConfigException errors(String text) {
        return catchThrowableOfType(ConfigException.class, () -> load(text));
    }

    @Test
    void withoutTheSectionNobodyIsAuthenticated() throws Exception {
        assertThat(load("[global]\nhttp.port = 8000\n").config().auth()).isEqualTo(AuthConfig.defaults());
        assertThat(AuthConfig.defaults().enabled()).isFalse();
    }

    @Test
    void theKeyIsReadFromItsFileAtLoadTime(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("jwt.key");
        Files.writeString(key, "0123456789abcdef0123456789abcdef\n");

        AuthConfig a = load("[auth]\nalgorithm = HS256\nkey_file = " + key + "\nclock_skew = 5\nanonymous = 1\n"
                + "attributes = role, tenant\n").config().auth();

        assertThat(a.enabled()).isTrue();
        assertThat(a.algorithm()).isEqualTo("HS256");
        assertThat(a.key()).isEqualTo("0123456789abcdef0123456789abcdef\n");
        assertThat(a.clockSkewSeconds()).isEqualTo(5);
        assertThat(a.allowAnonymous()).isTrue();
        assertThat(a.attributes()).isEqualTo(List.of("role", "tenant"));
        assertThat(a.toString()).as("the key is never printed").doesNotContain("0123456789abcdef");
    }

    @Test
    void aMissingKeyFileIsAConfigErrorNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.pem");

        ConfigException e = errors("[auth]\nalgorithm = RS256\nkey_file = " + missing + "\n");

        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("[auth] key_file");
            assertThat(p.message()).contains(missing.toAbsolutePath().toString()).contains("no such file");
        });
    }

    @Test
    void theKeyIsReadFromItsEnvironmentVariable() throws Exception {
        // PATH is set wherever the tests run; the loader only reads the key, the authenticator judges it.
        AuthConfig a = load("[auth]\nalgorithm = HS256\nkey_env = PATH\n").config().auth();

        assertThat(a.key()).isEqualTo(System.getenv("PATH"));
        assertThat(a.keySource()).isEqualTo("$PATH");
    }

    @Test
    void anUnsetKeyVariableIsAConfigErrorNamingIt() {
        ConfigException e = errors("[auth]\nalgorithm = HS256\nkey_env = ORBITED_TEST_SURELY_UNSET_VARIABLE\n");

        assertThat(e.errors()).singleElement().satisfies(p ->
                assertThat(p.message()).contains("'ORBITED_TEST_SURELY_UNSET_VARIABLE' is not set"));
    }

    @Test
    void anAlgorithmNeedsExactlyOneKeySourceAndMustBeKnown(@TempDir Path dir) throws Exception {
        assertThat(errors("[auth]\nalgorithm = HS256\n").errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("needs exactly one of key_file and key_env"));
        assertThat(errors("[auth]\nalgorithm = none\n").errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("unknown algorithm 'none'"));
    }

    @Test
    void authKeysWithoutAnAlgorithmAreAConfigErrorNotSilentAnonymity() {
        ConfigException e = errors("[auth]\nkey_env = JWT_KEY\nissuer = https://login.example\n");

        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("[auth] algorithm");
            assertThat(p.message()).contains("every client would be anonymous");
        });
    }

    @Test
    void aRelativeKeyFileIsReadBesideTheConfigurationFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/jwt.key"), "0123456789abcdef0123456789abcdef");
        Path cfg = dir.resolve("orbited.cfg");
        Files.writeString(cfg, "[auth]\nalgorithm = HS256\nkey_file = keys/jwt.key\n");

        AuthConfig a = ConfigLoader.load(cfg, Map.of()).config().auth();

        assertThat(a.keyFile()).isEqualTo(dir.resolve("keys/jwt.key").toAbsolutePath().normalize());
        assertThat(a.key()).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void anEmptyKeyFileAndAnAbsurdClockSkewAreConfigErrors(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.key");
        Files.writeString(empty, "\n");

        assertThat(errors("[auth]\nalgorithm = HS256\nkey_file = " + empty + "\n").errors())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("is empty"));
        assertThat(errors("[auth]\nalgorithm = HS256\nkey_env = X\nclock_skew = 9223372036854775\n").errors())
                .anySatisfy(p -> {
                    assertThat(p.key()).contains("clock_skew");
                    assertThat(p.message()).contains("at most 86400");
                });
    }

    @Test
    void cookieIssuerAndAudienceAreRead() throws Exception {
        AuthConfig a = load("[auth]\nalgorithm = HS256\nkey_env = PATH\ncookie = jwt\nissuer = https://login.example\n"
                + "audience = orbited\n").config().auth();

        assertThat(a.cookie()).isEqualTo("jwt");
        assertThat(a.issuer()).isEqualTo("https://login.example");
        assertThat(a.audience()).isEqualTo("orbited");
        assertThat(errors("[auth]\nalgorithm = HS256\nkey_env = PATH\ncookie = a b\n").errors())
                .anySatisfy(p -> assertThat(p.key()).contains("cookie"));
    }

    @Test
    void aPluginOverrideGoesToTheLongestSectionTheFileHas() throws Exception {
        String file = "[plugin:irc]\nactive = 1\n[plugin:irc.oftc]\nactive = 1\n";
        NodeConfig c = ConfigLoader.load(ConfigFile.parse("orbited.cfg", file), Map.of(
                "plugin:irc.server.host", "irc.example", "plugin:irc.oftc.nick", "bot",
                "plugin:echo.extra.greeting", "hi", "plugin:echo.extra.active", "1")).config();

        assertThat(c.plugins().get("irc")).containsEntry("server.host", "irc.example");
        assertThat(c.plugins().get("irc.oftc")).containsEntry("nick", "bot");
        assertThat(c.plugins().get("echo.extra")).as("no such section: the key is after the last dot")
                .containsEntry("greeting", "hi");
    }
}
