package org.orbited.node.bayeux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.core.Hub;
import org.orbited.node.core.HubSettings;
import org.orbited.node.core.Scheduler;
import org.orbited.plugin.SecurityPolicy;

/**
 * The server with a plugin security policy installed, over WebSocket frames, without sockets: requests then run on
 * the policy executor, yet one socket's frames are handled in the order they arrived, and a socket that closes
 * before its handshake is handled leaves no session behind for good.
 */
class BayeuxServerSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecurityPolicy ALLOW_ALL = new SecurityPolicy() { };

    private final ExecutorService fourThreads = Executors.newFixedThreadPool(4);
    private final RecordingScheduler scheduler = new RecordingScheduler();

    @AfterEach
    void stop() {
        fourThreads.shutdownNow();
    }

    @Test
    void oneSocketsFramesAreAcceptedInTheOrderTheyArrivedEvenOnAPoolOfPolicyThreads() {
        BayeuxServer server = new BayeuxServer(BayeuxSettings.defaults(), new Hub(HubSettings.defaults(), scheduler),
                scheduler, System::currentTimeMillis, ALLOW_ALL, fourThreads);
        Frames out = new Frames();
        BayeuxSocket socket = new BayeuxSocket(out, null);
        send(server, socket, "[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"websocket\"]}]");
        String clientId = out.await(m -> m.path("channel").asText().equals("/meta/handshake")).path("clientId").asText();
        send(server, socket, "[{\"id\":\"2\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/ord\",\"clientId\":\""
                + clientId + "\"}]");
        out.await(m -> m.path("channel").asText().equals("/meta/subscribe"));

        int count = 300;
        for (int n = 0; n < count; n++) { // one frame each, sent without waiting, as a client may
            send(server, socket, "[{\"id\":\"p" + n + "\",\"channel\":\"/ord\",\"data\":" + n + ",\"clientId\":\""
                    + clientId + "\"}]");
        }
        Awaitility.await("all deliveries").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> out.deliveries("/ord").size() >= count);
        List<Integer> expected = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            expected.add(n);
        }
        assertThat(out.deliveries("/ord")).isEqualTo(expected);
    }

    @Test
    void aHandshakeHandledAfterItsSocketClosedLeavesASessionThatExpires() {
        List<Runnable> held = new ArrayList<>();
        BayeuxServer server = new BayeuxServer(BayeuxSettings.defaults(), new Hub(HubSettings.defaults(), scheduler),
                scheduler, System::currentTimeMillis, ALLOW_ALL, held::add);
        Frames out = new Frames();
        BayeuxSocket socket = new BayeuxSocket(out, null);
        send(server, socket, "[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"websocket\"]}]");
        server.socketClosed(socket); // the client went away while its handshake waited for the policy executor
        new ArrayList<>(held).forEach(Runnable::run);
        assertThat(server.sessionCount()).as("the handshake made its session").isEqualTo(1);

        scheduler.runDue(); // max_interval passes: nobody can ever connect on that socket
        assertThat(server.sessionCount()).as("sessions left after max_interval").isZero();
    }

    private static void send(BayeuxServer server, BayeuxSocket socket, String frame) {
        try {
            server.handle(server.codec().parse(frame.getBytes(StandardCharsets.UTF_8)), new Frame(socket));
        } catch (BayeuxParseException e) {
            throw new AssertionError(e);
        }
    }

    /** One frame on {@code socket}, as the WebSocket handler hands it over. */
    private record Frame(BayeuxSocket socket) implements BayeuxRequest {
        @Override
        public BayeuxTransportType transport() {
            return BayeuxTransportType.WEBSOCKET;
        }

        @Override
        public String browserId() {
            return socket.browserId();
        }

        @Override
        public void setBrowserId(String browserId) {
            throw new AssertionError("never on WebSocket");
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:1";
        }

        @Override
        public String origin() {
            return null;
        }

        @Override
        public BayeuxOutput output() {
            return socket.output();
        }
    }

    /** A socket's output: every message of every frame written, in order. */
    private static final class Frames implements BayeuxOutput {
        private final List<JsonNode> messages = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void send(byte[] jsonArray, int status, Consumer<Boolean> written) {
            try {
                JSON.readTree(jsonArray).forEach(messages::add);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            written.accept(true);
        }

        @Override
        public void close(int code, String reason) {
            messages.add(JSON.createObjectNode().put("closed", code));
        }

        JsonNode await(java.util.function.Predicate<JsonNode> which) {
            Awaitility.await("a message").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                    .until(() -> messages.stream().anyMatch(which));
            return messages.stream().filter(which).findFirst().orElseThrow();
        }

        List<Integer> deliveries(String channel) {
            return messages.stream().filter(m -> m.has("data") && m.path("channel").asText().equals(channel))
                    .map(m -> m.get("data").asInt()).toList();
        }
    }

    /** Runs scheduled tasks only when told, all of them at once, as if their delays had passed. */
    private static final class RecordingScheduler implements Scheduler {
        private final List<Object[]> tasks = new CopyOnWriteArrayList<>();

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            boolean[] cancelled = {false};
            tasks.add(new Object[] {task, cancelled});
            return () -> cancelled[0] = true;
        }

        void runDue() {
            for (Object[] t : new ArrayList<>(tasks)) {
                tasks.remove(t);
                if (!((boolean[]) t[1])[0]) {
                    ((Runnable) t[0]).run();
                }
            }
        }
    }
}
