package org.orbited.bridge.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made at test time with the {@code openssl} CLI (no key material in the repository), and
 * PKCS12 trust stores holding them (made with the JDK's {@link KeyStore}). In bridge-common's test-jar, shared by
 * the bridges' tests (ngircd, prosody).
 */
public final class TestCertificates {
    /** A PEM certificate and its unencrypted key, readable by the server process (ngircd, prosody). */
    public record Pem(Path cert, Path key) {
    }

    /** The password of every trust store made here. */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private TestCertificates() {
    }

    /**
     * A certificate for {@code CN=<commonName>} whose subject alternative names are {@code dnsNames} (each a DNS
     * SAN, e.g. {@code localhost}, {@code conference.localhost}, {@code anon.localhost}) and {@code 127.0.0.1} as an
     * IP SAN; see {@link #selfSigned(Path, String, String, String)}.
     */
    public static Pem selfSigned(Path dir, String name, String commonName, List<String> dnsNames) throws IOException {
        StringBuilder san = new StringBuilder("IP:127.0.0.1");
        for (String dns : dnsNames) {
            san.append(",DNS:").append(dns);
        }
        return selfSigned(dir, name, commonName, san.toString());
    }

    /**
     * {@code openssl req -x509} for {@code CN=<commonName>} with {@code subjectAltName=<san>} (e.g.
     * {@code IP:127.0.0.1,DNS:localhost}), RSA 2048, valid 2 days, written as {@code <name>.crt}/{@code <name>.key}.
     */
    public static Pem selfSigned(Path dir, String name, String commonName, String san) throws IOException {
        Files.createDirectories(dir);
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + commonName, "-addext", "subjectAltName=" + san,
                "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".openssl.log").toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("openssl req failed: " + Files.readString(dir.resolve(name + ".openssl.log")));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        for (Path f : List.of(cert, key)) {
            f.toFile().setReadable(true, false);  // ngircd may read them as "nobody"
        }
        return new Pem(cert, key);
    }

    /**
     * A PKCS12 trust store {@code <name>.p12} holding {@code pem}'s certificate, password
     * {@value #TRUST_STORE_PASSWORD}.
     */
    public static Path trustStore(Path dir, String name, Pem pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem.cert())) {
            ks.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path store = dir.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(store)) {
            ks.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
        return store;
    }
}
