package org.orbited.webirc.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelpDeskStoreTest {
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    /** Ann's hello answer in the last {@link #busyDesk}. */
    private JsonNode ann;

    /** A desk with two conversations (one answered and taken, one closed) and an offline message. */
    private DeskFixture busyDesk() {
        DeskFixture f = new DeskFixture("greeting", "Hi, how can we help?");
        ann = f.hello("a", "name", "Ann", "page", "https://shop.example/cart");
        f.call("a", "say", "text", "my order <b>42</b>\nis late");
        f.helper("h", "Hal");
        String conversation = f.call("h", "helper/login", "key", DeskFixture.HELPER_KEY, "name", "Hal")
                .path("conversations").get(0).path("id").asText();
        f.call("h", "helper/say", "conversation", conversation, "text", "Looking into it");
        f.hello("b");
        f.call("b", "say", "text", "hello?");
        f.call("b", "bye");
        f.call("c", "leave", "desk", "support", "text", "call me", "email", "cee@example.org", "name", "Cee");
        return f;
    }

    private List<Path> filesIn() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void whatIsWrittenLoadsBackTheSame() throws Exception {
        DeskFixture f = busyDesk();
        StoreData before = StoreData.of(f.desk);
        HelpDeskStore store = new HelpDeskStore(dir.resolve("desk.json"));
        store.write(before, NOW);

        HelpDeskStore.Loaded loaded = store.load(NOW);
        assertThat(loaded.writable()).isTrue();
        assertThat(loaded.data()).isEqualTo(before);
        assertThat(before.conversations()).hasSize(2);
        assertThat(before.visitors()).hasSize(2);
        assertThat(before.offline()).singleElement().satisfies(m -> assertThat(m.email()).isEqualTo("cee@example.org"));
        assertThat(filesIn()).containsExactly(dir.resolve("desk.json"));   // no temporary file left
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("desk.json"))))
                .isEqualTo("rw-------");
        String text = Files.readString(dir.resolve("desk.json"));
        assertThat(text).contains("\"format\":\"orbited-helpdesk\"").contains("keyHash");
    }

    @Test
    void aVisitorResumesWithItsKeyOnADeskLoadedFromTheStore() throws Exception {
        DeskFixture f = busyDesk();
        HelpDeskStore store = new HelpDeskStore(dir.resolve("desk.json"));
        store.write(StoreData.of(f.desk), NOW);
        assertThat(Files.readString(dir.resolve("desk.json"))).doesNotContain(ann.path("key").asText());

        DeskFixture after = new DeskFixture();
        assertThat(store.load(NOW).data().applyTo(after.desk)).isZero();
        JsonNode again = after.hello("a3", "visitor", ann.path("visitor").asText(), "key", ann.path("key").asText());
        assertThat(again.path("visitor").asText()).isEqualTo(ann.path("visitor").asText());
        assertThat(again.path("name").asText()).isEqualTo("Ann");
        assertThat(again.path("messages")).extracting(m -> m.path("text").asText())
                .containsExactly("Hi, how can we help?", "my order <b>42</b>\nis late", "Looking into it");
        JsonNode wrongKey = after.hello("a4", "visitor", ann.path("visitor").asText(), "key", "not-the-key");
        assertThat(wrongKey.path("visitor").asText()).isNotEqualTo(ann.path("visitor").asText());
        assertThat(wrongKey.path("messages")).isEmpty();
    }

    @Test
    void aCorruptFileIsMovedAsideAndTheDeskStartsEmpty() throws Exception {
        Path file = dir.resolve("desk.json");
        for (String junk : new String[] {"{\"format\":\"orbited-helpdesk\",\"version\":1,\"visitors\":[{\"id",
                "not json at all", "[1,2,3]", "{\"format\":\"something-else\",\"version\":1}",
                "{\"format\":\"orbited-helpdesk\",\"version\":99}", ""}) {
            Files.writeString(file, junk);
            HelpDeskStore.Loaded loaded = new HelpDeskStore(file).load(NOW);
            assertThat(loaded.data()).isEqualTo(StoreData.EMPTY);
            assertThat(loaded.writable()).isTrue();
            assertThat(file).doesNotExist();
            Path aside = dir.resolve("desk.json.corrupt-20300102T030405Z");
            assertThat(Files.readString(aside)).isEqualTo(junk);
            Files.delete(aside);
        }
    }

    @Test
    void aFileThatCannotBeReadIsLeftAloneAndNotOverwritten() throws Exception {
        Path file = Files.createDirectory(dir.resolve("desk.json"));   // reading a directory fails
        HelpDeskStore.Loaded loaded = new HelpDeskStore(file).load(NOW);
        assertThat(loaded.writable()).isFalse();
        assertThat(loaded.data()).isEqualTo(StoreData.EMPTY);
        assertThat(file).isDirectory();
    }

    @Test
    void noFileIsAnEmptyDesk() {
        HelpDeskStore.Loaded loaded = new HelpDeskStore(dir.resolve("none.json")).load(NOW);
        assertThat(loaded.data()).isEqualTo(StoreData.EMPTY);
        assertThat(loaded.writable()).isTrue();
    }

    @Test
    void invalidEntriesAreSkippedAndTheRestLoaded() throws Exception {
        DeskFixture f = busyDesk();
        Path file = dir.resolve("desk.json");
        new HelpDeskStore(file).write(StoreData.of(f.desk), NOW);
        String text = Files.readString(file);
        String id = StoreData.of(f.desk).offline().get(0).id();
        Files.writeString(file, text.replace("\"id\":\"" + id + "\"", "\"id\":\"../../x\""));
        StoreData data = new HelpDeskStore(file).load(NOW).data();
        assertThat(data.offline()).isEmpty();
        assertThat(data.conversations()).hasSize(2);
    }

    @Test
    void loadingKeepsWithinTheLimits() throws Exception {
        DeskFixture big = new DeskFixture("visitor.rate", "1000");
        for (int i = 0; i < 5; i++) {
            big.hello("v" + i);
            for (int line = 0; line < 10; line++) {
                big.call("v" + i, "say", "text", "line " + line + " of " + i);
            }
            big.call("v" + i, "leave", "desk", "support", "text", "note " + i);
            big.clock.advance(java.time.Duration.ofSeconds(1));
        }
        Path file = dir.resolve("desk.json");
        new HelpDeskStore(file).write(StoreData.of(big.desk), NOW);

        DeskFixture small = new DeskFixture("conversations.max", "3", "history.max", "4", "offline.max", "2");
        assertThat(new HelpDeskStore(file).load(NOW).data().applyTo(small.desk)).isEqualTo(2 + 3);
        assertThat(small.desk.conversations.newestFirst()).extracting(Conversation::lastText)
                .containsExactly("line 9 of 4", "line 9 of 3", "line 9 of 2");
        assertThat(small.desk.conversations.newestFirst().get(0).messages()).extracting(Message::text)
                .containsExactly("line 6 of 4", "line 7 of 4", "line 8 of 4", "line 9 of 4");
        assertThat(small.desk.offline.all()).extracting(OfflineMessage::text).containsExactly("note 3", "note 4");
    }

    @Test
    void theWriterWritesOnlyWhenTheDeskChanged() throws Exception {
        DeskFixture f = new DeskFixture();
        Path file = dir.resolve("desk.json");
        StoreWriter writer = new StoreWriter(new HelpDeskStore(file), f.desk, Runnable::run, Runnable::run, f.clock);
        writer.tick();
        assertThat(file).doesNotExist();              // nothing changed yet
        f.hello("v");
        writer.tick();
        assertThat(file).doesNotExist();              // a hello alone keeps nothing
        f.call("v", "say", "text", "hello");
        writer.tick();
        assertThat(file).exists();
        Files.delete(file);
        writer.tick();
        assertThat(file).doesNotExist();              // written once per change, not every tick
        f.call("v", "name", "name", "Vee");
        writer.flushNow();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("\"name\":\"Vee\"");
    }

    @Test
    void aFailedWriteIsRetriedAtTheNextTick() throws Exception {
        DeskFixture f = new DeskFixture();
        Path blocker = Files.writeString(dir.resolve("sub"), "a file where the store's directory should be");
        Path file = blocker.resolve("desk.json");
        StoreWriter writer = new StoreWriter(new HelpDeskStore(file), f.desk, Runnable::run, Runnable::run, f.clock);
        f.hello("v");
        f.call("v", "say", "text", "hello");
        writer.tick();
        assertThat(Files.exists(file)).isFalse();
        Files.delete(blocker);
        writer.tick();                                 // no new change, but the failed write is retried
        assertThat(Files.readString(file)).contains("hello");
    }
}
