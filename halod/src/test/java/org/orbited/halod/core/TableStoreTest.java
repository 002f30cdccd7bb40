package org.orbited.halod.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistence (halod.md §7, §9 item 6, the algorithm part). */
class TableStoreTest {
    @TempDir
    Path dir;

    private static ClusterTable threeNodesOneReserve() {
        ClusterTable t = ClusterTable.empty(24, AssignPolicy.MINIMAL, 1);
        t = t.register("orb-a", "10.0.0.2:8000", "10.0.0.2:9000").table();
        t = t.register("orb-b", "10.0.0.3:8000", "10.0.0.3:9000").table(); // reserve (R = 1)
        t = t.register("orb-c", "10.0.0.4:8000", "10.0.0.4:9000").table();
        return t.remove("orb-a").table(); // orb-b promoted with a fresh id 3
    }

    @Test
    void roundTripKeepsEveryFieldAndTheDocumentShape() throws Exception {
        ClusterTable t = threeNodesOneReserve();
        TableStore store = new TableStore(dir.resolve("table.json"));
        assertThat(store.load()).isEmpty();
        store.save(t.document());
        TableDocument loaded = store.load().orElseThrow();
        assertThat(loaded).isEqualTo(t.document());
        assertThat(ClusterTable.restore(loaded, 1).ownerSnapshot()).isEqualTo(t.ownerSnapshot());
        String text = Files.readString(dir.resolve("table.json"));
        assertThat(text).startsWith("{\"format\":1,\"version\":4,\"routes\":24,\"policy\":\"minimal\",\"nextId\":4,"
                + "\"nodes\":[{\"id\":2,\"name\":\"orb-c\",\"browser\":\"10.0.0.4:8000\",\"app\":\"10.0.0.4:9000\","
                + "\"role\":\"active\"},{\"id\":3,\"name\":\"orb-b\"");
        assertThat(Files.exists(dir.resolve("table.json.tmp"))).isFalse();
    }

    @Test
    void aTruncatedTmpLeftByACrashIsIgnored() throws Exception {
        TableStore store = new TableStore(dir.resolve("table.json"));
        ClusterTable t = threeNodesOneReserve();
        store.save(t.document());
        String full = TableStore.toJsonText(t.register("orb-d", "b", "a").table().document());
        Files.writeString(dir.resolve("table.json.tmp"), full.substring(0, full.length() / 2));
        assertThat(store.load()).contains(t.document());
        Files.write(dir.resolve("table.json.tmp"), new byte[] {0, (byte) 0xFF, 17});
        assertThat(store.load()).contains(t.document());
        store.save(t.document()); // the next save overwrites the stale tmp
        assertThat(store.load()).contains(t.document());
    }

    @Test
    void aCorruptTableIsAClearStartupError() throws Exception {
        Path file = dir.resolve("table.json");
        TableStore store = new TableStore(file);
        Files.writeString(file, "{\"format\":1,\"version\":3,\"rou", StandardCharsets.UTF_8);
        assertThatThrownBy(store::load).isInstanceOf(TableStoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("is not JSON");
        Files.writeString(file, "{\"format\":1,\"version\":3,\"routes\":2,\"policy\":\"minimal\",\"nextId\":2,"
                + "\"nodes\":[{\"id\":1,\"name\":\"a\",\"browser\":\"b\",\"app\":\"c\",\"role\":\"active\"}],"
                + "\"owner\":[1,7]}");
        assertThatThrownBy(store::load).isInstanceOf(TableStoreException.class)
                .hasMessageContaining("route 2 is owned by 7, not an active node");
        Files.writeString(file, "{\"format\":1,\"version\":3,\"routes\":2,\"policy\":\"fair\",\"nextId\":2,"
                + "\"nodes\":[],\"owner\":[0,0]}");
        assertThatThrownBy(store::load).isInstanceOf(TableStoreException.class)
                .hasMessageContaining("unknown assign.policy 'fair'");
    }

    @Test
    void aDifferentPolicyIsRefusedUnlessRebuilt() throws Exception {
        TableStore store = new TableStore(dir.resolve("table.json"));
        ClusterTable t = threeNodesOneReserve();
        store.save(t.document());
        Optional<TableDocument> stored = store.load();
        assertThatThrownBy(() -> ClusterTable.open(stored, 24, AssignPolicy.SEED, 1, false))
                .isInstanceOf(TableMismatchException.class).hasMessageContaining("minimal")
                .hasMessageContaining("rebuild");
        assertThatThrownBy(() -> ClusterTable.open(stored, 256, AssignPolicy.MINIMAL, 1, false))
                .isInstanceOf(TableMismatchException.class).hasMessageContaining("256");
        ClusterTable rebuilt = ClusterTable.open(stored, 24, AssignPolicy.SEED, 1, true);
        assertThat(rebuilt.nodes()).isEmpty();
        assertThat(rebuilt.policy()).isEqualTo(AssignPolicy.SEED);
        assertThat(rebuilt.version()).isEqualTo(t.version() + 1);
        ClusterTable same = ClusterTable.open(stored, 24, AssignPolicy.MINIMAL, 1, false);
        assertThat(same.document()).isEqualTo(t.document());
    }
}
