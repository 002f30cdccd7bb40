package org.orbited.bridge.xmpp;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.stringprep.XmppStringprepException;
import org.orbited.bridge.common.TrustStores;

/**
 * Every XMPP connection the bridge makes is configured here, so TLS, trust, address and timeouts are the same for
 * the occupant and for visitor sessions (docs/xmpp.md "The bridge's connection and TLS"):
 * <ul>
 *   <li><b>Address.</b> {@code host} and {@code port} as configured: an address literal is used as it is, a name is
 *       resolved by the system resolver; never a DNS SRV look-up of the domain.</li>
 *   <li><b>TLS</b> ({@code tls = 1}, the default): STARTTLS {@linkplain SecurityMode#required required}, the chain
 *       checked against {@code truststore} or the JVM's CAs through {@code setCustomX509TrustManager} (the only way
 *       that works in Smack 4.4.8), and Smack's default {@code XmppHostnameVerifier}, which checks that the
 *       certificate names the <b>XMPP domain</b> (not the host). {@code tls = 0}: no TLS at all (loopback only,
 *       enforced by {@link XmppOptions}).</li>
 *   <li><b>Timeouts.</b> TCP connect within {@code register.timeout} (at most 30 s); replies within
 *       {@code reply.timeout} ({@link #newConnection}).</li>
 *   <li>A random resource per connection (Smack's default), no initial roster.</li>
 * </ul>
 * The methods may block (a name look-up, reading the trust store): call them on an io thread, never on the plugin
 * thread or a Smack callback. Stateless, thread-safe.
 */
public final class XmppConfigs {
    private XmppConfigs() {
    }

    /** The occupant's configuration: the {@code sasl.user} account on {@code domain}, else anonymous. */
    public static XMPPTCPConnectionConfiguration bridge(XmppOptions o) throws IOException, GeneralSecurityException {
        return o.anonymousOccupant() ? anonymous(o) : account(o, o.saslUser(), o.saslPassword());
    }

    /** SASL ANONYMOUS on {@code anon.domain}. */
    public static XMPPTCPConnectionConfiguration anonymous(XmppOptions o) throws IOException, GeneralSecurityException {
        if (o.anonDomain() == null) {
            throw new IllegalStateException("anon.domain is not set");
        }
        return base(o, o.anonDomain()).performSaslAnonymousAuthentication().build();
    }

    /** {@code user} (a localpart on {@code domain}) with {@code password} (SCRAM over TLS). */
    public static XMPPTCPConnectionConfiguration account(XmppOptions o, String user, String password)
            throws IOException, GeneralSecurityException {
        if (o.domain() == null) {
            throw new IllegalStateException("domain is not set");
        }
        return base(o, o.domain()).setUsernameAndPassword(user, password).build();
    }

    /** A connection of {@code config} with {@code reply.timeout} applied; not connected yet. */
    public static XMPPTCPConnection newConnection(XMPPTCPConnectionConfiguration config, XmppOptions o) {
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(o.replyTimeout().toMillis());
        return c;
    }

    private static XMPPTCPConnectionConfiguration.Builder base(XmppOptions o, String domain)
            throws IOException, GeneralSecurityException {
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder();
        try {
            b.setXmppDomain(domain);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("'" + domain + "' is not an XMPP domain", e);
        }
        String host = o.host().startsWith("[") && o.host().endsWith("]")
                ? o.host().substring(1, o.host().length() - 1) : o.host();
        b.setHostAddress(InetAddress.getByName(host));
        b.setPort(o.port());
        b.setConnectTimeout((int) Math.min(o.registerTimeout().toMillis(), Duration.ofSeconds(30).toMillis()));
        if (o.tls()) {
            b.setSecurityMode(SecurityMode.required);
            b.setCustomX509TrustManager(trustManager(o));
        } else {
            b.setSecurityMode(SecurityMode.disabled);
        }
        return b;
    }

    /** The trust store's trust manager, or the JVM's default one. */
    static X509TrustManager trustManager(XmppOptions o) throws IOException, GeneralSecurityException {
        if (o.trustStore() != null) {
            return TrustStores.x509(o.trustStore(),
                    o.trustStorePassword() == null ? null : o.trustStorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JVM has no X509 trust manager");
    }
}
