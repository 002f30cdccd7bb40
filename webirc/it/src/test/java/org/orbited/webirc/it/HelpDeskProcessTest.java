package org.orbited.webirc.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.testing.NodeProcess;

/**
 * The help desk in a node started as a real process from a configuration file ({@code [plugin:helpdesk] active = 1},
 * the store's default file name in the working directory): the generated helper key is logged once, on the
 * documented line, and signs a helper in; a corrupt store file is logged and moved aside without stopping anything;
 * a SIGTERM writes what changed, and the next process reads it back (with a new generated key).
 */
class HelpDeskProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern KEY_LINE = Pattern.compile("helpdesk: helpers sign in at /webirc/helper\\.html#key=(\\S+)");

    @TempDir
    Path dir;

    private NodeProcess start() throws Exception {
        Files.writeString(dir.resolve("orbited.cfg"), """
                [global]
                http.port = 0
                op.port = 0
                http.bind = 127.0.0.1
                op.bind = 127.0.0.1

                [plugin:helpdesk]
                active = 1
                """);
        return NodeProcess.start(dir, List.of(), List.of(), "orbited.cfg");
    }

    private static String generatedKey(String output) {
        Matcher m = KEY_LINE.matcher(output);
        assertThat(m.find()).as("the key line in:\n" + output).isTrue();
        String key = m.group(1);
        assertThat(m.find()).as("logged once").isFalse();
        return key;
    }

    @Test
    void theGeneratedKeyIsLoggedACorruptStoreIsMovedAsideAndAStopKeepsTheDesk() throws Exception {
        Files.writeString(dir.resolve("helpdesk-data.json"), "{\"format\":\"orbited-helpdesk\",\"vers");
        String firstKey;
        try (NodeProcess node = start()) {
            int port = node.awaitReady(WAIT);
            firstKey = generatedKey(node.output());
            assertThat(node.output()).contains("is not a help-desk store").contains("moved aside")
                    .contains("[plugin:helpdesk] started");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.startsWith("helpdesk-data.json.corrupt-"));
            }
            try (DeskClient helper = new DeskClient(port); DeskClient visitor = new DeskClient(port)) {
                assertThat(helper.call("helper/login", "key", firstKey + "x")).containsEntry("code", "helpdesk_bad_key");
                assertThat(helper.call("helper/login", "key", firstKey, "name", "Hal")).containsEntry("ok", true);
                visitor.call("hello", "desk", "support", "name", "Peggy");
                assertThat(visitor.call("leave", "desk", "support", "text", "kept across the restart"))
                        .containsEntry("ok", true);
                helper.await(DeskClient.type("offline"));
            }
            String output = node.stopAndCollect(WAIT);
            assertThat(output).doesNotContain("Exception");
        }
        assertThat(Files.readString(dir.resolve("helpdesk-data.json"))).contains("kept across the restart");

        try (NodeProcess node = start()) {
            int port = node.awaitReady(WAIT);
            String secondKey = generatedKey(node.output());
            assertThat(secondKey).isNotEqualTo(firstKey).hasSize(32);
            assertThat(node.output()).contains("0 conversations and 1 offline messages from helpdesk-data.json");
            try (DeskClient helper = new DeskClient(port)) {
                Map<String, Object> login = helper.call("helper/login", "key", secondKey);
                assertThat(DeskClient.column(login, "offline", "text")).containsExactly("kept across the restart");
                assertThat(DeskClient.column(login, "offline", "name")).containsExactly("Peggy");
            }
        }
    }
}
