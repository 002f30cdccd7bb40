package org.orbited.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md in step with the key table. To regenerate after changing ConfigKeys:
 * {@code mvn -B -q -o test -Dtest=ConfigReferenceTest -DregenerateDocs=true}.
 */
class ConfigReferenceTest {

    @Test
    void committedReferenceMatchesTheKeyTable() throws Exception {
        Path docs = repositoryRoot().resolve(ConfigReference.DOCS_PATH);
        if (Boolean.getBoolean("regenerateDocs")) {
            ConfigReference.write(docs);
        }
        String committed = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "";

        assertThat(committed)
                .as(docs + " is out of date with ConfigKeys; regenerate it with "
                        + "'mvn -B -q -o test -Dtest=ConfigReferenceTest -DregenerateDocs=true' and commit it")
                .isEqualTo(ConfigReference.render());
    }

    @Test
    void referenceListsEveryKeyWithItsDefaultAndOrigin() {
        String md = ConfigReference.render();
        for (ConfigKey k : ConfigKeys.ALL) {
            assertThat(md).contains("| `" + k.name() + "` | ");
        }
        assertThat(md).contains("| `proxy.enabled` | `1` (`orbit.cfg`: `0`) | 0.1 |")
                .contains("| `http.cors_origins` | (empty) | new |")
                .contains("| `default` | `stream` | 0.2/0.3 |")
                .contains("## [proxy]", "## [plugin:NAME]");
    }

    /** The directory holding the parent pom and the orbited-node module. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("orbited-node"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
