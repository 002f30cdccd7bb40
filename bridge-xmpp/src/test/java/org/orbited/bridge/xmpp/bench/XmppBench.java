package org.orbited.bridge.xmpp.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.common.bench.BenchNode;
import org.orbited.bridge.xmpp.ProsodyServer;

/**
 * What the XMPP benchmarks add to bridge-common's bench base ({@link Bench}, {@link BenchNode}): the {@code xmpp}
 * prefix of their result files and progress lines, the {@code [plugin:xmpp]} options for the bench prosody, and
 * the Bayeux names of its rooms.
 */
final class XmppBench {
    static final String BRIDGE = "xmpp";
    static final String SECTION = "xmpp";
    /** The bridge's own account on the bench prosody ({@link #options} logs in with it). */
    static final String BRIDGE_USER = "bridge";
    static final String BRIDGE_PASSWORD = "bridge-bench-pw";
    static final String MUC = ProsodyServer.MUC;
    /** The Bayeux name of room {@code localpart} on {@link #MUC}, and the prefix of its services. */
    static final String PREFIX = "/xmpp/conference$2Elocalhost/";
    static final String SERVICE = "xmpp/conference$2Elocalhost/";

    private XmppBench() {
    }

    /**
     * {@code [plugin:xmpp]} options for {@code server}: the bridge's account {@link #BRIDGE_USER} (registered here),
     * STARTTLS with the server's trust store when it requires TLS (else {@code tls = 0}, loopback), anonymous
     * visitors on {@value ProsodyServer#ANON_DOMAIN}, MUC {@link #MUC}, nick {@code bridge}, then {@code extra}
     * (key, value pairs; a later key wins).
     */
    static Map<String, String> options(ProsodyServer server, Map<String, String> extra) throws IOException {
        server.register(BRIDGE_USER, BRIDGE_PASSWORD);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", String.valueOf(server.port()));
        if (server.tls()) {
            m.put("truststore", server.trustStore().toString());
            m.put("truststore.password", ProsodyServer.TRUST_STORE_PASSWORD);
        } else {
            m.put("tls", "0");
        }
        m.put("domain", ProsodyServer.DOMAIN);
        m.put("sasl.user", BRIDGE_USER);
        m.put("sasl.password", BRIDGE_PASSWORD);
        m.put("anon.domain", ProsodyServer.ANON_DOMAIN);
        m.put("muc", MUC);
        m.put("nick", "bridge");
        m.putAll(extra);
        return m;
    }

    /**
     * Starts a node whose {@code [plugin:xmpp]} has exactly {@code xmppOptions} (see {@link #options}); waits (30 s)
     * for {@code /_/status} to show {@code [plugin:xmpp]} started.
     */
    static BenchNode node(Path dir, Map<String, String> xmppOptions) throws IOException {
        return BenchNode.start(dir, SECTION, xmppOptions);
    }

    /** {@link Bench#write} as {@code bench/results/xmpp-<part>-<UTC time>.json}. */
    static Path write(String part, Map<String, Object> result) throws IOException {
        return Bench.write(BRIDGE, part, result);
    }

    /** {@link Bench#log} with the {@code xmpp-bench:} prefix. */
    static void log(String fmt, Object... args) {
        Bench.log(BRIDGE, fmt, args);
    }
}
