package org.orbited.bridge.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust manager a bridge verifies its server's certificate chain with ({@code truststore},
 * {@code truststore.password}): the JVM's CAs, or a PKCS12 file ({@code .jks}: JKS). Only the chain: the host name
 * is checked by the caller (IRC's {@code VerifyingSocketFactory}; Smack's hostname verifier). Stateless.
 */
public final class TrustStores {
    private TrustStores() {
    }

    /**
     * @param trustStore null for the JVM's default trust store; else a PKCS12 file, or JKS when the name ends in
     *                   {@code .jks}
     * @param password   the store's password, or null for none
     * @return the default algorithm's (PKIX) X.509 trust manager over that store
     * @throws IOException              when the file cannot be read (or the password is wrong)
     * @throws GeneralSecurityException when it cannot be loaded, or no X.509 trust manager is available
     */
    public static X509TrustManager x509(Path trustStore, char[] password) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trustStore == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore ks = KeyStore.getInstance(trustStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                ks.load(in, password);
            }
            tmf.init(ks);
        }
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager from " + tmf.getAlgorithm());
    }
}
