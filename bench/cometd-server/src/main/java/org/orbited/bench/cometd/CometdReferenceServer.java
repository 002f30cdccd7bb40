package org.orbited.bench.cometd;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.server.ext.AcknowledgedMessagesExtension;
import org.cometd.server.ext.TimesyncExtension;
import org.cometd.server.http.jakarta.CometDServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The real CometD server (8.0.9, {@code CometDServlet} in Jetty 12 ee10) as the baseline that benchmarks and
 * conformance runs compare the node's Bayeux server against (bayeux.md section 13).
 *
 * <p>Transports: long-polling and callback-polling (JSONP) only; CometD's WebSocket transport for Jetty 12 is
 * not obtainable. Extensions: ack and timesync. Service: {@code /service/echo} ({@link EchoService}). Every
 * CometD knob of bayeux.md section 11 is a servlet init parameter: the common ones have options here, any
 * other goes through {@code --init-param name=value}.
 *
 * <p>Embeddable: configure with {@link CommandLine#parseArgs}, then {@link #start()} (returns the bound port,
 * so {@code --port 0} works) and {@link #stop()}. {@link #main} runs it until SIGTERM/SIGINT and prints one
 * {@code ready:} line on stdout when it accepts connections.
 */
@Command(name = "cometd-reference-server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The CometD reference server (long-polling, JSONP) at http://HOST:PORT/cometd.")
public final class CometdReferenceServer implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listen address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8091", description = "Listen port, 0 for any (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--timeout", defaultValue = "30000", description = "Connect hold, ms (default ${DEFAULT-VALUE}).")
    long timeout;

    @Option(names = "--interval", defaultValue = "0", description = "Advised pause between connects, ms (default ${DEFAULT-VALUE}).")
    long interval;

    @Option(names = "--max-interval", defaultValue = "10000", description = "Session expiry without a connect, ms (default ${DEFAULT-VALUE}).")
    long maxInterval;

    @Option(names = "--max-lazy-timeout", defaultValue = "5000", description = "Lazy-channel delay, ms (default ${DEFAULT-VALUE}).")
    long maxLazyTimeout;

    @Option(names = "--max-queue", defaultValue = "-1", description = "Per-session queue, -1 unbounded (default ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--max-message-size", defaultValue = "-1", description = "Request body limit, bytes, -1 none (default ${DEFAULT-VALUE}).")
    int maxMessageSize;

    @Option(names = "--max-sessions-per-browser", defaultValue = "1", description = "Parked connects per browser (default ${DEFAULT-VALUE}).")
    int maxSessionsPerBrowser;

    @Option(names = "--meta-connect-deliver-only", description = "Deliver on connect replies only.")
    boolean metaConnectDeliverOnly;

    @Option(names = "--init-param", paramLabel = "NAME=VALUE", description = "Any other CometDServlet init parameter.")
    Map<String, String> extraInitParams = new LinkedHashMap<>();

    @Option(names = "--idle-timeout", defaultValue = "60000",
            description = "Connection idle timeout, ms; must exceed timeout + 10000 (default ${DEFAULT-VALUE}, as the node's http.idle_timeout).")
    long idleTimeout;

    @Option(names = "--max-threads", defaultValue = "200", description = "Jetty thread pool size (default ${DEFAULT-VALUE}, Jetty's).")
    int maxThreads;

    @Option(names = "--accept-queue", defaultValue = "4096", description = "Listen backlog (default ${DEFAULT-VALUE}).")
    int acceptQueue;

    private Server server;
    private BayeuxServer bayeux;

    /** The CometDServlet init parameters, in CometD's names (bayeux.md section 11). */
    Map<String, String> initParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("timeout", Long.toString(timeout));
        p.put("interval", Long.toString(interval));
        p.put("maxInterval", Long.toString(maxInterval));
        p.put("maxLazyTimeout", Long.toString(maxLazyTimeout));
        p.put("maxQueue", Integer.toString(maxQueue));
        p.put("maxMessageSize", Integer.toString(maxMessageSize));
        p.put("maxSessionsPerBrowser", Integer.toString(maxSessionsPerBrowser));
        p.put("metaConnectDeliverOnly", Boolean.toString(metaConnectDeliverOnly));
        p.putAll(extraInitParams);
        return p;
    }

    /** Starts Jetty with CometD at {@code /cometd/*}; returns the bound port. */
    public synchronized int start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started on port " + port());
        }
        if (idleTimeout > 0 && idleTimeout <= timeout + 10_000) {
            throw new IllegalArgumentException("--idle-timeout " + idleTimeout + " must exceed --timeout + 10000 ("
                    + (timeout + 10_000) + "), or parked connects are cut");
        }
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads);
        threads.setName("cometd-http");
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout);
        connector.setAcceptQueueSize(acceptQueue);
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder cometd = new ServletHolder("cometd", CometDServlet.class);
        cometd.setInitOrder(1);
        cometd.setAsyncSupported(true);
        initParameters().forEach(cometd::setInitParameter);
        context.addServlet(cometd, "/cometd/*");
        jetty.setHandler(context);
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            jetty.stop();
            throw e;
        }

        BayeuxServer b = (BayeuxServer) context.getServletContext().getAttribute(BayeuxServer.ATTRIBUTE);
        b.addExtension(new AcknowledgedMessagesExtension());
        b.addExtension(new TimesyncExtension());
        EchoService.install(b);
        server = jetty;
        bayeux = b;
        return port();
    }

    /** The bound port (after {@link #start()}). */
    public synchronized int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public synchronized BayeuxServer bayeux() {
        return bayeux;
    }

    /** Stops Jetty (CometD sessions end with it); idempotent. */
    public synchronized void stop() throws Exception {
        if (server != null) {
            Server s = server;
            server = null;
            bayeux = null;
            s.stop();
        }
    }

    @Override
    public Integer call() throws Exception {
        int bound = start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "cometd-shutdown"));
        PrintStream out = System.out;
        out.printf("cometd-reference-server ready: http://%s:%d/cometd, CometD %s, Jetty %s, Java %s, pid %d, %s%n",
                host, bound, cometdVersion(), Jetty.VERSION, Runtime.version(), ProcessHandle.current().pid(),
                initParameters());
        out.flush();
        Server s;
        synchronized (this) {
            s = server;
        }
        if (s != null) {
            s.join();
        }
        return 0;
    }

    static String cometdVersion() {
        try (InputStream in = BayeuxServer.class.getResourceAsStream(
                "/META-INF/maven/org.cometd.java/cometd-java-api-server/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CometdReferenceServer()).execute(args));
    }
}
