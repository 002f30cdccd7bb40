package org.orbited.examples.chat;

import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.orbited.client.OrbitClient;
import org.orbited.client.OrbitConnectException;

/**
 * Runs the chat example: {@code java -jar orbited-chat-example-*-all.jar [--port 4700] [--bind
 * 127.0.0.1] [--orbit 127.0.0.1:9000] [--open http://localhost:8000/]}. Start the node first with
 * {@code clients/java/examples/chat.cfg}; the app prints the URL to open (the node's HTTP port, which
 * proxies to this app).
 */
public final class ChatMain {
    private ChatMain() {
    }

    /** Parses the options, connects to the node, serves until the process is stopped. */
    public static void main(String[] args) throws Exception {
        int port = 4700;
        String bind = "127.0.0.1";
        String orbit = "127.0.0.1:9000";
        String open = "http://localhost:8000/";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--bind" -> bind = value;
                case "--orbit" -> orbit = value;
                case "--open" -> open = value;
                default -> {
                    System.err.println("usage: chat [--port 4700] [--bind 127.0.0.1] [--orbit host:9000] [--open URL]");
                    System.exit(2);
                }
            }
            i++;
        }
        int colon = orbit.lastIndexOf(':');
        OrbitClient client = OrbitClient.builder().host(orbit.substring(0, colon))
                .port(Integer.parseInt(orbit.substring(colon + 1))).build();
        try {
            client.connect();
        } catch (OrbitConnectException e) {
            System.err.println("warning: " + e.getMessage() + " (start the node with chat.cfg; retrying on each push)");
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ChatServer server = new ChatServer(new InetSocketAddress(bind, port), new ChatRoom(client, timer));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            timer.shutdownNow();
            client.close(java.time.Duration.ofSeconds(2));
        }));
        System.out.println("chat example listening on http://" + bind + ":" + server.port() + "/, pushing through "
                + orbit);
        System.out.println("open " + open + " (the node's HTTP port, which proxies to this app)");
    }
}
