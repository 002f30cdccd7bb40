package org.orbited.bridge.irc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.orbited.bridge.common.TrustStores;

/**
 * TLS sockets for PircBotX that verify the server: the chain against a trust store (the JVM's CAs, or the
 * configured PKCS12/JKS file, {@link TrustStores}) and the certificate's name against the configured host (PircBotX's own
 * {@code UtilSSLSocketFactory} never checks the host name; /work/notes/irc-pircbotx.md section 3). PircBotX passes
 * resolved {@link InetAddress}es, so SNI and the expected name come from the configured host, not the address. A
 * failed verification surfaces as an I/O error on the first write, i.e. a failed connection attempt
 * ({@link LinkFailure#TLS_FAILED}). Endpoint identification is the JDK's {@code HTTPS} algorithm (RFC 2818): a host
 * name must match a DNS subject alternative name (wildcards per RFC 6125), an IP literal an IP SAN; SNI is sent for
 * host names only.
 */
final class VerifyingSocketFactory extends SSLSocketFactory {
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final SSLSocketFactory delegate;
    private final String host;

    private VerifyingSocketFactory(SSLSocketFactory delegate, String host) {
        this.delegate = delegate;
        this.host = host;
    }

    /**
     * @param trustStore null for the JVM's default trust store
     * @throws IOException when the trust store cannot be read
     * @throws GeneralSecurityException when it cannot be loaded or TLS is unavailable
     */
    static VerifyingSocketFactory create(String host, Path trustStore, String password)
            throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {
            TrustStores.x509(trustStore, password == null ? null : password.toCharArray())}, null);
        return new VerifyingSocketFactory(context.getSocketFactory(), host);
    }

    private Socket verifying(Socket socket) {
        SSLSocket ssl = (SSLSocket) socket;
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {  // RFC 6066: SNI carries host names only; an IP is checked against IP SANs
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(p);
        return ssl;
    }

    /** IPv4 dotted quad or an IPv6 literal (with or without brackets). */
    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
    }

    @Override
    public Socket createSocket(Socket s, String h, int port, boolean autoClose) throws IOException {
        return verifying(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String h, int port) throws IOException {
        return verifying(delegate.createSocket(h, port));
    }

    @Override
    public Socket createSocket(String h, int port, InetAddress local, int localPort) throws IOException {
        return verifying(delegate.createSocket(h, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return createSocket(address, port, null, 0);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        // Connect with the address PircBotX resolved, but tell the TLS layer which name to expect.
        Socket plain = new Socket(address, port, local, localPort);
        return verifying(delegate.createSocket(plain, host, port, true));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
