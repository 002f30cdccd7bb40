package org.orbited.bridge.xmpp;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.stax.StaxXmlPullParserFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Smack's process-wide settings, made once per class loader before any connection (docs/xmpp.md "Shipping").
 *
 * <ol>
 *   <li><b>The class-loader fix.</b> Smack finds its XML parser with {@code ServiceLoader} through the thread's
 *       context class loader, which in a plugin is the node's loader, which has no Smack: the first use would fail
 *       with "No XmlPullParserFactory registered" and break Smack for good in that loader
 *       (/work/notes/xmpp-smack.md section 1). So the StAX factory is installed explicitly before any other Smack
 *       class is touched, and Smack's own initialisation runs with the context loader switched to the plugin's.</li>
 *   <li>No roster at login (the bridge never uses it), Smack's {@code ReconnectionManager} off (the bridge
 *       reconnects itself, with its own backoff), no stream management (each link starts afresh and rejoins).</li>
 *   <li>Smack, jxmpp and minidns log through java.util.logging: their loggers are cut from the JUL root (no console
 *       output) and forward WARNING and SEVERE to SLF4J as WARN and ERROR, under their own logger names.</li>
 * </ol>
 * Idempotent and thread-safe; {@link #init} is cheap after the first call.
 */
public final class SmackSetup {
    private static final Logger LOG = LoggerFactory.getLogger(SmackSetup.class);
    /** Strong references: JUL keeps loggers weakly, and a collected logger forgets its level and handler. */
    private static final List<java.util.logging.Logger> QUIETED = new java.util.ArrayList<>();
    private static boolean done;

    private SmackSetup() {
    }

    /** Makes the settings above, once. Call from the plugin's {@code start} before anything else touches Smack. */
    public static synchronized void init() {
        if (done) {
            return;
        }
        quietJul("org.jivesoftware");
        quietJul("org.jxmpp");
        quietJul("org.minidns");
        SmackXmlParser.setXmlPullParserFactory(new StaxXmlPullParserFactory());
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(SmackSetup.class.getClassLoader());
        try {
            // runs Smack's static initialisation (smack-config.xml, the providers, the hostname verifier) now
            Class.forName("org.jivesoftware.smack.SmackInitialization", true, SmackSetup.class.getClassLoader());
            Roster.setRosterLoadedAtLoginDefault(false);
            ReconnectionManager.setEnabledPerDefault(false);
            XMPPTCPConnection.setUseStreamManagementDefault(false);  // every link is fresh; rooms are rejoined
            LOG.debug("Smack initialised: {}", SmackConfiguration.isSmackInitialized());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Smack is missing from the plugin jar", e);
        } finally {
            thread.setContextClassLoader(before);
        }
        done = true;
    }

    private static void quietJul(String name) {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
        jul.setUseParentHandlers(false);
        jul.setLevel(Level.WARNING);
        for (Handler h : jul.getHandlers()) {
            jul.removeHandler(h);
        }
        jul.addHandler(new ToSlf4j());
        QUIETED.add(jul);
    }

    /** Forwards JUL WARNING/SEVERE records to SLF4J. Never throws. */
    private static final class ToSlf4j extends Handler {
        @Override
        public void publish(LogRecord record) {
            if (record == null || record.getLevel().intValue() < Level.WARNING.intValue()) {
                return;
            }
            Logger to = LoggerFactory.getLogger(record.getLoggerName() == null ? "org.jivesoftware"
                    : record.getLoggerName());
            String message = record.getMessage();
            if (record.getParameters() != null && message != null) {
                try {
                    message = java.text.MessageFormat.format(message, record.getParameters());
                } catch (IllegalArgumentException keepRaw) {
                    // not a MessageFormat pattern: keep it as it is
                }
            }
            if (message != null && message.contains(" closed with error")) {
                to.debug("{}", message);  // the bridge reports every link failure itself, with a code
                return;
            }
            Throwable t = record.getThrown();
            String cause = t == null ? "" : " (" + t + ")";  // no stack traces: the bridge reports the failure itself
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                to.error("{}{}", message, cause);
            } else {
                to.warn("{}{}", message, cause);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
