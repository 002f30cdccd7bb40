package org.orbited.webirc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.webirc.it.DeskClient.map;
import static org.orbited.webirc.it.DeskClient.message;
import static org.orbited.webirc.it.DeskClient.type;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.testing.RunningNode;

/**
 * Offline messages and the store: a message left while no helper is signed in reaches a helper who signs in later,
 * and it (with the conversations) is still there after the node restarts, read back from the store file.
 */
class HelpDeskOfflineTest {
    static final String KEY = "offline-test-helper-key-0123456789";

    @TempDir
    Path dir;

    private RunningNode start(Path store) {
        return RunningNode.start(b -> b.plugins(Map.of("helpdesk", Map.of("store", store.toString(),
                "helper.key", KEY))));
    }

    @Test
    void aMessageLeftWhileNoHelperIsOnlineReachesALaterHelperAndSurvivesRestarts() throws Exception {
        Path store = dir.resolve("desk.json");
        Map<String, Object> hello;
        String offlineId;
        try (RunningNode node = start(store); DeskClient visitor = new DeskClient(node.httpPort())) {
            hello = visitor.call("hello", "desk", "support", "name", "Olga", "page", "https://shop.example/help");
            assertThat(map(hello, "helpers")).containsEntry("online", 0L);
            Map<String, Object> left = visitor.call("leave", "desk", "support", "text", "Please call me back",
                    "email", "olga@example.org");
            assertThat(left).containsEntry("ok", true);
            offlineId = (String) left.get("id");
            visitor.call("say", "text", "Is anyone there?");
            // the store thread writes within a second of the change, before (and without) any stop
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(store)
                    && Files.readString(store).contains("Please call me back")
                    && Files.readString(store).contains("Is anyone there?"));

            try (DeskClient helper = new DeskClient(node.httpPort())) {
                Map<String, Object> login = helper.call("helper/login", "key", KEY, "name", "Hal");
                assertThat(DeskClient.list(login, "offline")).singleElement().satisfies(m -> assertThat(m)
                        .containsEntry("id", offlineId).containsEntry("name", "Olga")
                        .containsEntry("email", "olga@example.org").containsEntry("text", "Please call me back")
                        .containsEntry("page", "https://shop.example/help"));
                assertThat(DeskClient.list(login, "conversations")).singleElement().satisfies(c -> assertThat(c)
                        .containsEntry("name", "Olga").containsEntry("waiting", true).containsEntry("online", true));
                visitor.await(e -> "helpers".equals(e.get("type")) && Long.valueOf(1).equals(e.get("online")));
            }
        }

        String conversation;
        try (RunningNode node = start(store); DeskClient helper = new DeskClient(node.httpPort())) {
            Map<String, Object> login = helper.call("helper/login", "key", KEY, "name", "Hal");
            assertThat(DeskClient.column(login, "offline", "id")).containsExactly(offlineId);
            Map<String, Object> summary = DeskClient.list(login, "conversations").get(0);
            assertThat(summary).containsEntry("name", "Olga").containsEntry("waiting", true)
                    .containsEntry("online", false).containsEntry("lastText", "Is anyone there?");
            conversation = (String) summary.get("id");
            helper.call("helper/say", "conversation", conversation, "text", "Sorry for the wait!");
            try (DeskClient back = new DeskClient(node.httpPort())) {
                Map<String, Object> again = back.call("hello", "desk", "support", "visitor", hello.get("visitor"),
                        "key", hello.get("key"));
                assertThat(again).containsEntry("visitor", hello.get("visitor")).containsEntry("name", "Olga");
                assertThat(DeskClient.column(again, "messages", "text"))
                        .containsExactly("Is anyone there?", "Sorry for the wait!");
                helper.await(e -> "conversation".equals(e.get("type"))
                        && Boolean.TRUE.equals(map(e, "conversation").get("online")));
            }
            assertThat(helper.call("helper/done", "offline", offlineId)).containsEntry("ok", true);
            helper.await(type("offline-done"));
        }

        try (RunningNode node = start(store); DeskClient helper = new DeskClient(node.httpPort())) {
            Map<String, Object> login = helper.call("helper/login", "key", KEY, "name", "Hal");
            assertThat(DeskClient.list(login, "offline")).isEmpty();
            assertThat(DeskClient.column(login, "conversations", "id")).containsExactly(conversation);
        }
    }

    @Test
    void offlineMessagesArriveLiveAtSignedInHelpersAndTheStoreNeverLosesThem() throws Exception {
        Path store = dir.resolve("live.json");
        try (RunningNode node = start(store); DeskClient helper = new DeskClient(node.httpPort());
             DeskClient visitor = new DeskClient(node.httpPort())) {
            helper.call("helper/login", "key", KEY, "name", "Hal");
            visitor.call("leave", "desk", "support", "text", "no hello needed");   // the widget may skip hello
            Map<String, Object> offline = map(helper.await(type("offline")), "offline");
            assertThat(offline).containsEntry("text", "no hello needed").containsEntry("email", null);
            assertThat((String) offline.get("name")).matches("Guest \\d{4}");
            assertThat(visitor.events).isEmpty();
        }
        assertThat(Files.readString(store)).contains("no hello needed");   // written at stop at the latest
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList()).containsExactly("live.json");
        try (RunningNode node = start(store); DeskClient visitor = new DeskClient(node.httpPort())) {
            visitor.call("hello", "desk", "support");
            assertThat(visitor.call("say", "text", "after restart")).containsEntry("ok", true);
        }
    }

    @Test
    void aStoreInMemoryOnlyWritesNoFile() throws Exception {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("helpdesk", Map.of("store", "",
                "helper.key", KEY)))); DeskClient visitor = new DeskClient(node.httpPort());
             DeskClient helper = new DeskClient(node.httpPort())) {
            helper.call("helper/login", "key", KEY);
            visitor.call("hello", "desk", "support");
            visitor.call("say", "text", "memory only");
            helper.await(message("memory only"));
        }
        assertThat(Files.list(dir).toList()).isEmpty();
    }
}
