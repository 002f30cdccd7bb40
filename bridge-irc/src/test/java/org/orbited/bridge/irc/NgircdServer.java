package org.orbited.bridge.irc;

import static org.orbited.bridge.common.TestProcesses.freePort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.orbited.bridge.common.TestCertificates;
import org.orbited.bridge.common.TestProcesses;

/**
 * A real ngircd for tests (docs: shared reference test-servers.md section 2): installs the Debian package when it
 * is missing (tests run as root in CI), writes its own config into {@code dir}, starts {@code ngircd -n} (foreground,
 * no fork, so the {@link Process} is the server) on a free loopback port, waits until the port accepts (10 s bound,
 * failing at once if the process dies) and {@link #close() stops only that process} (SIGTERM, 5 s, then SIGKILL).
 * Flood penalties are off and connection limits are raised so many loopback clients fit.
 *
 * <p>Two servers form one network with {@link #startLinked}: the passive side {@code a} starts first, the active
 * side {@code b} connects to it; callers wait for the link with {@code LINKS} (see the harness test).
 */
public final class NgircdServer implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/ngircd";

    private final String name;
    private final int port;
    private final int tlsPort;  // 0 without TLS
    private final Path dir;
    private final Path log;
    private final Process process;

    private NgircdServer(String name, int port, Path dir, String extraLimits, String serverBlock) throws IOException {
        this(name, port, dir, extraLimits, serverBlock, Extras.NONE);
    }

    /**
     * What {@link #start(Path, Extras)} adds to the plain server: a server password ({@code [Global] Password}, so
     * every client must send {@code PASS}), and a TLS port ({@code [SSL] CertFile/KeyFile/Ports}) with a PEM
     * certificate and key (e.g. from {@link TestCertificates}). The plain port stays open (raw test clients use it).
     */
    public record Extras(String password, Path certFile, Path keyFile) {
        public static final Extras NONE = new Extras(null, null, null);

        public static Extras password(String password) {
            return new Extras(password, null, null);
        }

        public static Extras tls(TestCertificates.Pem pem) {
            return new Extras(null, pem.cert(), pem.key());
        }
    }

    /** Starts {@code irc.test.local} on a free port with a password and/or a TLS port (see {@link Extras}). */
    public static NgircdServer start(Path dir, Extras extras) throws IOException {
        ensureInstalled();
        return new NgircdServer("irc.test.local", freePort(), dir, "", "", extras);
    }

    private NgircdServer(String name, int port, Path dir, String extraLimits, String serverBlock, Extras extras)
            throws IOException {
        this.name = name;
        this.port = port;
        this.tlsPort = extras.certFile() == null ? 0 : freePort();
        this.dir = dir;
        this.log = dir.resolve(name + ".log");
        Files.createDirectories(dir);
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        Path conf = dir.resolve(name + ".conf");
        String global = extras.password() == null ? "" : "\tPassword = " + extras.password() + "\n";
        String ssl = tlsPort == 0 ? "" : "[SSL]\n\tCertFile = " + extras.certFile().toAbsolutePath() + "\n\tKeyFile = "
                + extras.keyFile().toAbsolutePath() + "\n\tPorts = " + tlsPort + "\n";
        Files.writeString(conf, config(name, port, extraLimits).replace("[Limits]\n", global + "[Limits]\n")
                + ssl + serverBlock, StandardCharsets.UTF_8);
        conf.toFile().setReadable(true, false);
        this.process = new ProcessBuilder(BINARY, "-n", "-f", conf.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        awaitPort(port);
        if (tlsPort != 0) {
            awaitPort(tlsPort);
        }
    }

    /** Starts one server named {@code irc.test.local} with its files in {@code dir}. */
    public static NgircdServer start(Path dir) throws IOException {
        ensureInstalled();
        return new NgircdServer("irc.test.local", freePort(), dir, "", "");
    }

    /** Starts {@code irc.test.local} on a given port, e.g. again on the port of a server just closed. */
    public static NgircdServer start(Path dir, int port) throws IOException {
        ensureInstalled();
        return new NgircdServer("irc.test.local", port, dir, "", "");
    }

    /**
     * Starts {@code irc.test.local} with extra {@code [Limits]} lines (tab-indented {@code Key = value} lines, each
     * ending in a newline) after the harness's own; ngircd keeps the last value of a key, so e.g.
     * {@code "\tMaxConnectionsIP = 5\n"} restores ngircd's default per-address limit (benchmarks).
     */
    public static NgircdServer startWithLimits(Path dir, String extraLimits) throws IOException {
        ensureInstalled();
        return new NgircdServer("irc.test.local", freePort(), dir, extraLimits, "");
    }

    /** Two servers linked into one network; close both (closing {@code b} first is tidiest). */
    public record Linked(NgircdServer a, NgircdServer b) implements AutoCloseable {
        @Override
        public void close() {
            b.close();
            a.close();
        }
    }

    /** Starts passive {@code irc-a.test.local}, then active {@code irc-b.test.local}, which links to it. */
    public static Linked startLinked(Path dir) throws IOException {
        ensureInstalled();
        int portA = freePort();
        NgircdServer a = new NgircdServer("irc-a.test.local", portA, dir, "",
                "[Server]\n\tName = irc-b.test.local\n\tMyPassword = a-to-b\n\tPeerPassword = b-to-a\n");
        try {
            NgircdServer b = new NgircdServer("irc-b.test.local", freePort(), dir, "\tConnectRetry = 5\n",
                    "[Server]\n\tName = irc-a.test.local\n\tHost = 127.0.0.1\n\tPort = " + portA
                            + "\n\tMyPassword = b-to-a\n\tPeerPassword = a-to-b\n");
            return new Linked(a, b);
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private static String config(String name, int port, String extraLimits) {
        // ngircd treats only lines starting with # or ; as comments: none on value lines.
        return "[Global]\n\tName = " + name + "\n\tInfo = orbited test ircd\n\tListen = 127.0.0.1\n\tPorts = " + port
                + "\n\tMotdPhrase = test\n"
                + "[Limits]\n\tMaxConnections = 0\n\tMaxConnectionsIP = 0\n\tMaxJoins = 0\n\tMaxNickLength = 30\n"
                + "\tMaxPenaltyTime = 0\n" + extraLimits
                + "[Options]\n\tDNS = no\n\tIdent = no\n\tPAM = no\n";
    }

    /** Installs ngircd with apt-get when {@value #BINARY} is missing; bounded to 10 minutes per apt-get run. */
    static void ensureInstalled() throws IOException {
        TestProcesses.ensureInstalled("ngircd", Path.of(BINARY));
    }

    private void awaitPort(int port) throws IOException {
        TestProcesses.awaitPort(process, port, "ngircd " + name, this::logTail);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The TLS port, or 0 when started without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last 40 lines of the server's log, for failure messages. */
    public String logTail() {
        return TestProcesses.logTail(log, 40);
    }

    /** Stops this server's process only: SIGTERM, up to 5 s, then SIGKILL. Idempotent. */
    @Override
    public void close() {
        TestProcesses.stop(process, Duration.ofSeconds(5));
    }
}
