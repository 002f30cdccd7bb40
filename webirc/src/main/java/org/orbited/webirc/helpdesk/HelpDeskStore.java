package org.orbited.webirc.helpdesk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store file ({@code store}, default {@code helpdesk-data.json}): read once at start, written whole and
 * atomically (a temporary file beside it, forced to disk, then moved over it), so a crash leaves the old file or the
 * new one, never half of one. The file holds visitors' names, e-mail addresses and key hashes: it is created
 * readable by its owner only (on POSIX file systems).
 *
 * <p>Errors never stop the desk: a file that is not a store (corrupt, truncated, another format) is logged and moved
 * aside ({@code <file>.corrupt-<time>}), and the desk starts empty; a file that cannot be read at all (permissions)
 * leaves the desk in memory only, so that nothing overwrites what could not be read. Blocking file I/O: called at
 * start and stop (on the plugin's thread, bounded) and by the store's own writer thread, never from a request.
 */
final class HelpDeskStore {
    private static final Logger LOG = LoggerFactory.getLogger(HelpDeskStore.class);
    private static final DateTimeFormatter ASIDE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;

    HelpDeskStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** What {@link #load} found, and whether the desk may write the file (false: keep it in memory only). */
    record Loaded(StoreData data, boolean writable) {
    }

    /** Reads the file: nothing there is an empty desk; a corrupt file is moved aside; an unreadable one disables writing. */
    Loaded load(Instant now) {
        try (InputStream in = Files.newInputStream(file)) {
            StoreCodec.Read read = StoreCodec.read(in);
            if (read.skipped() > 0) {
                LOG.warn("helpdesk: {} invalid entries in {} skipped", read.skipped(), file);
            }
            return new Loaded(read.data(), true);
        } catch (NoSuchFileException e) {
            return new Loaded(StoreData.EMPTY, true);
        } catch (StoreCodec.StoreFormatException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + ASIDE.format(now));
            try {
                Files.move(file, aside);
                LOG.warn("helpdesk: {} is not a help-desk store ({}); moved aside to {}, starting empty",
                        file, e.getMessage(), aside);
                return new Loaded(StoreData.EMPTY, true);
            } catch (IOException moveFailed) {
                LOG.error("helpdesk: {} is not a help-desk store ({}) and could not be moved aside ({}); "
                        + "keeping the desk in memory only", file, e.getMessage(), moveFailed.toString());
                return new Loaded(StoreData.EMPTY, false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("helpdesk: cannot read {} ({}); keeping the desk in memory only, the file is left as it is",
                    file, e.toString());
            return new Loaded(StoreData.EMPTY, false);
        }
    }

    /** Writes {@code data} over the file, atomically. */
    void write(StoreData data, Instant now) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(absolute.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), ownerOnly())) {
            OutputStream out = Channels.newOutputStream(ch);
            StoreCodec.write(data, now, out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
