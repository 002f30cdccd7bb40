package org.orbited.node.cluster;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.orbited.node.testing.RunningNode;

/** Direct (route 0) browser connections for the cluster seam's tests: from 127.0.0.2, never a proxy_from address. */
final class DirectClients {
    private DirectClients() {
    }

    /** A direct SSE connection of {@code user} from 127.0.0.2 (not in proxy_from): route 0, once the node has it. */
    static Socket sse(RunningNode node, String user) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.httpPort()));
        s.getOutputStream().write(("GET /loc?user=" + user + "&transport=sse HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        node.awaitConnections(user, "0", "/loc", 1);
        return s;
    }

    /** Whether {@code s} is still open: it reads (and discards) for 300 ms without meeting the end of the stream. */
    static boolean stillOpen(Socket s) throws Exception {
        s.setSoTimeout(300);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            while (true) {
                if (in.read(buf) < 0) {
                    return false;
                }
            }
        } catch (SocketTimeoutException open) {
            return true;
        }
    }
}
