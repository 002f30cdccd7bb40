package org.orbited.webirc.helpdesk;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the desk to its store when something changed, at most once per tick (a second), without ever blocking a
 * request on disk: a tick asks the plugin's thread for a snapshot (only when the desk is dirty), and the snapshot is
 * written on the store's own thread. A failed write is logged (once per distinct error) and retried at the next
 * tick. {@link #flushNow} writes synchronously, at stop.
 *
 * <p>Threads: {@link #tick} on the store thread, {@link #snapshotIfDirty} and {@link #flushNow} on the plugin's
 * thread, the write on the store thread again.
 */
final class StoreWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);

    private final HelpDeskStore store;
    private final Desk desk;
    private final Executor pluginThread;
    private final Executor storeThread;
    private final Clock clock;
    private volatile boolean retry;
    private volatile String lastError;

    StoreWriter(HelpDeskStore store, Desk desk, Executor pluginThread, Executor storeThread, Clock clock) {
        this.store = store;
        this.desk = desk;
        this.pluginThread = pluginThread;
        this.storeThread = storeThread;
        this.clock = clock;
    }

    /** Every second, on the store thread: has the plugin's thread check for changes. */
    void tick() {
        pluginThread.execute(this::snapshotIfDirty);
    }

    /** On the plugin's thread: when the desk changed, snapshots it and hands the snapshot to the store thread. */
    void snapshotIfDirty() {
        if (!desk.takeDirty() && !retry) {
            return;
        }
        retry = false;
        StoreData snapshot = StoreData.of(desk);
        try {
            storeThread.execute(() -> write(snapshot));
        } catch (RejectedExecutionException stopping) {
            retry = true;   // the store thread is stopping: flushNow writes it
        }
    }

    /** On the plugin's thread, at stop: writes now if anything changed since the last write. */
    void flushNow() {
        if (desk.takeDirty() || retry) {
            retry = false;
            write(StoreData.of(desk));
        }
    }

    private void write(StoreData snapshot) {
        try {
            store.write(snapshot, clock.instant());
            if (lastError != null) {
                LOG.info("helpdesk: {} written again", store.file());
                lastError = null;
            }
        } catch (IOException | RuntimeException e) {
            retry = true;
            String error = e.toString();
            if (!error.equals(lastError)) {
                LOG.warn("helpdesk: cannot write {} ({}); retrying every second, the desk keeps running",
                        store.file(), error);
                lastError = error;
            }
        }
    }
}
