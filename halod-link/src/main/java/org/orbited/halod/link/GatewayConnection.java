package org.orbited.halod.link;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** One open control link to one gateway: the socket and its line writer. Package-private to {@link LinkClient}. */
final class GatewayConnection {
    final Socket socket;
    final InetSocketAddress address;
    private final OutputStream out;

    private GatewayConnection(Socket socket, InetSocketAddress address) throws IOException {
        this.socket = socket;
        this.address = address;
        this.out = socket.getOutputStream();
    }

    /**
     * The gateway's address for logs as configured, {@code host:port} ({@code [v6]:port}): not
     * {@link InetSocketAddress#toString()}, which prints an unresolved address as {@code 127.0.0.1/<unresolved>:17700}.
     */
    String display() {
        return display(address);
    }

    static String display(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Connects to the first address that accepts, in order; null when none does. Blocks up to timeout × count. */
    static GatewayConnection connectFirst(List<InetSocketAddress> gateways, int timeoutMs) {
        for (InetSocketAddress a : gateways) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(a.isUnresolved() ? new InetSocketAddress(a.getHostString(), a.getPort()) : a, timeoutMs);
                return new GatewayConnection(s, a);
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
        return null;
    }

    /** Writes one encoded line. Blocks only while the peer's receive window is full. */
    void send(LinkMessage message) throws IOException {
        out.write(LinkCodec.INSTANCE.encodeLine(message));
        out.flush();
    }

    void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
