package org.orbited.node;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT start the node's graceful shutdown instead of the JVM's, so the process exits with
 * the status {@link Main} chooses (0 after a clean drain) rather than the JVM's 143/130 for a signal.
 * A second SIGTERM or SIGINT during the drain exits at once with 128 + the signal's number.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}), the only way a Java 17 program can
 * handle a signal; where it is missing (another JVM) the node falls back to a shutdown hook and the JVM's
 * exit status. A shutdown hook is installed in every case, for SIGHUP and {@code System.exit}.
 */
final class SignalShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(SignalShutdown.class);

    private SignalShutdown() {
    }

    /** Installs the handlers for {@code node}; returns whether the signals are handled (else only the hook). */
    static boolean install(OrbitedNode node) {
        Runtime.getRuntime().addShutdownHook(new Thread(node::shutdown, "orbited-shutdown"));
        AtomicBoolean signalled = new AtomicBoolean();
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (!signalled.compareAndSet(false, true)) {
                        LOG.warn("second SIG{} during shutdown: exiting now", signal.getName());
                        Runtime.getRuntime().halt(128 + signal.getNumber());
                    }
                    LOG.info("SIG{}: graceful shutdown (send it again to exit at once)", signal.getName());
                    Thread t = new Thread(node::shutdown, "orbited-shutdown-" + signal.getName().toLowerCase());
                    t.start();
                });
            }
            return true;
        } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("signals not handled ({}); the JVM's shutdown hook stops the node", e.toString());
            return false;
        }
    }
}
