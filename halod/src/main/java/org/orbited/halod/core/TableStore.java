package org.orbited.halod.core;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.orbited.halod.link.Role;

/**
 * The embedded table store (docs/halod.md section 5): one file, {@code table.json}, replaced atomically on every
 * change. {@link #save} writes {@code table.json.tmp}, forces it to disk, moves it over {@code table.json} with
 * {@code ATOMIC_MOVE} and then forces the directory, so after a crash the file is either the old or the new table.
 * {@link #load} reads only {@code table.json}: a {@code .tmp} left by a crash (truncated or garbage) is ignored and
 * overwritten by the next save.
 *
 * <p>Blocking file I/O (about 1 ms per save); call it from the gateway's control thread, one save at a time. Not
 * thread-safe for concurrent saves.
 */
public final class TableStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path tmp;

    /** A store for {@code file} (e.g. {@code /var/lib/halod/table.json}); its directory must exist. */
    public TableStore(Path file) {
        this.file = file.toAbsolutePath();
        this.tmp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    /** The table file. */
    public Path file() {
        return file;
    }

    /**
     * The stored table, or empty when there is none yet.
     *
     * @throws TableStoreException the file exists but cannot be read or is not a valid table document; the message
     *                             names the file and the problem (the gateway refuses to start)
     */
    public Optional<TableDocument> load() throws TableStoreException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TableStoreException("cannot read the table " + file + ": " + e, e);
        }
        try {
            TableDocument doc = parse(JSON.readTree(bytes));
            ClusterTable.restore(doc, 0); // consistency: owners active, counts, ids below nextId
            return Optional.of(doc);
        } catch (JacksonException e) {
            throw new TableStoreException("the table " + file + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TableStoreException("cannot read the table " + file + ": " + e, e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new TableStoreException("the table " + file + " is not a valid table document: " + e.getMessage(), e);
        }
    }

    /** Stores the document atomically (tmp, force, atomic move, directory force). */
    public void save(TableDocument doc) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(toJson(doc));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** The document as the JSON text {@link #save} writes (for status pages and tests). */
    public static String toJsonText(TableDocument doc) {
        return toJson(doc).toString();
    }

    private static ObjectNode toJson(TableDocument doc) {
        ObjectNode o = JSON.createObjectNode().put("format", doc.format()).put("version", doc.version())
                .put("routes", doc.routes()).put("policy", doc.policy().wire()).put("nextId", doc.nextId());
        ArrayNode nodes = o.putArray("nodes");
        for (NodeRecord n : doc.nodes()) {
            nodes.addObject().put("id", n.id()).put("name", n.name()).put("browser", n.browser())
                    .put("app", n.app()).put("role", n.role().wire());
        }
        ArrayNode owner = o.putArray("owner");
        for (int id : doc.owner()) {
            owner.add(id);
        }
        return o;
    }

    private static TableDocument parse(JsonNode o) {
        if (!o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<NodeRecord> nodes = new ArrayList<>();
        for (JsonNode n : array(o, "nodes")) {
            Role role = Role.fromWire(text(n, "role"));
            if (role == null) {
                throw new IllegalArgumentException("node role '" + text(n, "role") + "' is neither active nor reserve");
            }
            nodes.add(new NodeRecord(integer(n, "id"), text(n, "name"), text(n, "browser"), text(n, "app"), role));
        }
        JsonNode ownerJson = array(o, "owner");
        int[] owner = new int[ownerJson.size()];
        for (int i = 0; i < owner.length; i++) {
            if (!ownerJson.get(i).isInt()) {
                throw new IllegalArgumentException("owner[" + i + "] is not an integer");
            }
            owner[i] = ownerJson.get(i).intValue();
        }
        long version = number(o, "version");
        if (version < 0) {
            throw new IllegalArgumentException("version is negative: " + version);
        }
        return new TableDocument(integer(o, "format"), version, integer(o, "routes"),
                AssignPolicy.fromWire(text(o, "policy")), integer(o, "nextId"), nodes, owner);
    }

    private static JsonNode array(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not an array");
        }
        return v;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return v.textValue();
    }

    private static int integer(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isInt()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not an integer");
        }
        return v.intValue();
    }

    private static long number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not an integer");
        }
        return v.longValue();
    }
}
