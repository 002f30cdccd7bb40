package org.orbited.bridge.xmpp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.orbited.bridge.common.TestProcesses;

/**
 * A real prosody 0.12 for tests (shared reference test-servers.md section 4): installs the Debian package when it is
 * missing (tests run as root in CI), writes its own config into {@code dir}, starts {@code prosody -F} (foreground,
 * no fork, so the {@link Process} is the server) on a free loopback port, waits until the port accepts (10 s bound,
 * failing at once if the process dies) and {@link #close() stops only that process} (SIGTERM, 5 s, then SIGKILL).
 * Only c2s listens; the MUC component is internal.
 *
 * <p>Hosts: {@value #DOMAIN} (accounts, {@link #register}), {@value #ANON_DOMAIN} (SASL ANONYMOUS only),
 * {@value #MISMATCH_DOMAIN} (anonymous; with TLS its certificate names {@code other} only, for the hostname check)
 * and the MUC component {@value #MUC} ({@code muc_room_locking = false}, so a room is usable as soon as its creator
 * joins; default history length per {@link Options#historyLength}).
 *
 * <p>{@link Options#tls()}: STARTTLS required ({@code c2s_require_encryption}) with a self-signed certificate made
 * here with {@code openssl} (SAN {@value #DOMAIN}, {@value #MUC}, {@value #ANON_DOMAIN}); {@link #trustStore()} is a
 * PKCS12 file (password {@value #TRUST_STORE_PASSWORD}) trusting it and the mismatch host's certificate, so a
 * client pointed at it fails on {@value #MISMATCH_DOMAIN} for the name alone.
 *
 * <p>{@link #restart()} stops the server and starts it again on the same port with the same files (accounts
 * survive; non-persistent rooms do not). Logs stay in {@code dir} ({@link #logTail()} for failure messages).
 */
public final class ProsodyServer implements AutoCloseable {
    /** The host with accounts. */
    public static final String DOMAIN = "localhost";
    /** The host offering SASL ANONYMOUS only. */
    public static final String ANON_DOMAIN = "anon.localhost";
    /** An anonymous host whose certificate (TLS variant) does not name it. */
    public static final String MISMATCH_DOMAIN = "mismatch.localhost";
    /** The multi-user chat service. */
    public static final String MUC = "conference.localhost";
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private static final String BINARY = "/usr/bin/prosody";
    private static final String CTL = "/usr/bin/prosodyctl";

    /**
     * What the server offers: {@code tls} = STARTTLS required with the self-signed certificate; {@code historyLength}
     * = {@code muc_room_default_history_length} (messages a joiner gets unless it asks otherwise).
     */
    public record Options(boolean tls, int historyLength) {
        public static final Options PLAIN = new Options(false, 20);

        public static Options tlsRequired() {
            return new Options(true, 20);
        }

        public Options withHistory(int messages) {
            return new Options(tls, messages);
        }
    }

    private final Path dir;
    private final int port;
    private final Options options;
    private final Path config;
    private final Path log;
    private final Path trustStore;  // null without TLS
    private volatile Process process;

    private ProsodyServer(Path dir, int port, Options options) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.options = options;
        Files.createDirectories(this.dir.resolve("certs"));
        this.config = this.dir.resolve("prosody.cfg.lua");
        this.log = this.dir.resolve("prosody.log");
        this.trustStore = options.tls() ? makeCertificates() : null;
        Files.writeString(config, config(), StandardCharsets.UTF_8);
        launch();
    }

    /** A plain server (no TLS, history length 20) on a free port, files in {@code dir}. */
    public static ProsodyServer start(Path dir) throws IOException {
        return start(dir, Options.PLAIN);
    }

    /** A server as {@code options} say on a free port, files in {@code dir}. */
    public static ProsodyServer start(Path dir, Options options) throws IOException {
        ensureInstalled();
        return new ProsodyServer(dir, TestProcesses.freePort(), options);
    }

    /** A server as {@code options} say on {@code port} (e.g. a port a test wants to reuse), files in {@code dir}. */
    public static ProsodyServer start(Path dir, Options options, int port) throws IOException {
        ensureInstalled();
        return new ProsodyServer(dir, port, options);
    }

    private String config() {
        String d = dir.toString();
        StringBuilder c = new StringBuilder();
        c.append("run_as_root = true\n")
                .append("data_path = \"").append(d).append("/prosody-data\"\n")
                .append("certificates = \"").append(d).append("/certs\"\n")
                .append("log = { { levels = { min = \"info\" }, to = \"console\" } }\n")
                .append("interfaces = { \"127.0.0.1\" }\n")
                .append("c2s_ports = { ").append(port).append(" }\n")
                .append("c2s_direct_tls_ports = { }; s2s_ports = { }; component_ports = { }\n")
                .append("http_ports = { }; https_ports = { }\n")
                .append("modules_enabled = { \"roster\", \"saslauth\", \"disco\", \"register\", \"ping\", \"posix\"")
                .append(options.tls() ? ", \"tls\"" : "").append(" }\n")
                .append("modules_disabled = { \"s2s\", \"s2s_auth_certs\", \"offline\" }\n")
                .append("authentication = \"internal_hashed\"\n")
                .append("storage = \"internal\"\n")
                .append("allow_registration = true\n");
        if (options.tls()) {
            c.append("c2s_require_encryption = true\n")
                    .append("ssl = { certificate = \"").append(d).append("/certs/localhost.crt\", key = \"")
                    .append(d).append("/certs/localhost.key\" }\n");
        } else {
            c.append("c2s_require_encryption = false\n").append("allow_unencrypted_plain_auth = true\n");
        }
        c.append("\nVirtualHost \"").append(DOMAIN).append("\"\n");
        c.append("\nVirtualHost \"").append(ANON_DOMAIN).append("\"\n")
                .append("\tauthentication = \"anonymous\"\n\tallow_registration = false\n");
        c.append("\nVirtualHost \"").append(MISMATCH_DOMAIN).append("\"\n")
                .append("\tauthentication = \"anonymous\"\n\tallow_registration = false\n");
        if (options.tls()) {
            c.append("\tssl = { certificate = \"").append(d).append("/certs/other.crt\", key = \"")
                    .append(d).append("/certs/other.key\" }\n");
        }
        c.append("\nComponent \"").append(MUC).append("\" \"muc\"\n")
                .append("\trestrict_room_creation = false\n")
                .append("\tmuc_room_locking = false\n")
                .append("\tmuc_room_default_history_length = ").append(options.historyLength()).append("\n")
                .append("\tmax_history_messages = ").append(Math.max(20, options.historyLength())).append("\n");
        return c.toString();
    }

    /** The server certificate (SAN the three real hosts), the mismatch host's (CN=other, no SAN), the trust store. */
    private Path makeCertificates() throws IOException {
        Path certs = dir.resolve("certs");
        openssl(certs, "localhost", "/CN=localhost",
                "subjectAltName=DNS:" + DOMAIN + ",DNS:" + MUC + ",DNS:" + ANON_DOMAIN);
        openssl(certs, "other", "/CN=other", null);
        Path store = dir.resolve("trust.p12");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (String name : List.of("localhost", "other")) {
                try (InputStream in = Files.newInputStream(certs.resolve(name + ".crt"))) {
                    ks.setCertificateEntry(name, x509.generateCertificate(in));
                }
            }
            try (OutputStream out = Files.newOutputStream(store)) {
                ks.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("could not write the trust store " + store, e);
        }
        return store;
    }

    private static void openssl(Path certs, String name, String subject, String san) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "2", "-subj", subject, "-keyout", certs.resolve(name + ".key").toString(),
                "-out", certs.resolve(name + ".crt").toString()));
        if (san != null) {
            cmd.addAll(List.of("-addext", san));
        }
        Path out = certs.resolve(name + ".openssl.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("openssl req failed: " + Files.readString(out));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(BINARY, "-F", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitPort();
    }

    private void awaitPort() throws IOException {
        TestProcesses.awaitPort(process, port, "prosody", this::logTail);
    }

    /**
     * Creates account {@code user@}{@value #DOMAIN} with {@code password} through {@code prosodyctl register} (works
     * whether or not the server runs); bounded to 60 s.
     */
    public void register(String user, String password) throws IOException {
        Path out = dir.resolve("prosodyctl.log");
        Process p = new ProcessBuilder(CTL, "--config", config.toString(), "register", user, DOMAIN, password)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("prosodyctl register " + user + " failed: " + Files.readString(out));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Installs prosody with apt-get when {@value #BINARY} is missing; bounded to 10 minutes per apt-get run. */
    static void ensureInstalled() throws IOException {
        TestProcesses.ensureInstalled("prosody", Path.of(BINARY), Path.of(CTL));
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Options options() {
        return options;
    }

    public boolean tls() {
        return options.tls();
    }

    /** The PKCS12 trust store (password {@value #TRUST_STORE_PASSWORD}); only with {@link Options#tls()}. */
    public Path trustStore() {
        if (trustStore == null) {
            throw new IllegalStateException("started without TLS: no trust store");
        }
        return trustStore;
    }

    /** The server certificate (PEM); only with {@link Options#tls()}. */
    public Path certificate() {
        trustStore();
        return dir.resolve("certs/localhost.crt");
    }

    public long pid() {
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process.isAlive();
    }

    /** Stops and starts again on the same port, with the same config, data and log. */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    /** Starts again after {@link #stop()} on the same port (no-op while running). */
    public synchronized void start() throws IOException {
        if (!process.isAlive()) {
            launch();
        }
    }

    /** The last 40 lines of the server's log, for failure messages. */
    public String logTail() {
        return TestProcesses.logTail(log, 40);
    }

    /** Stops this server's process only: SIGTERM, up to 5 s, then SIGKILL. Idempotent. */
    public synchronized void stop() {
        TestProcesses.stop(process, Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        stop();
    }
}
