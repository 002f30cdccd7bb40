package org.orbited.bench.cometd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.ajax.JSON;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * The reference server answers a raw-HTTP Bayeux exchange the way bayeux.md section 9 shows: handshake (with
 * the ack and timesync extensions answering), connect, subscribe, a publish from a second browser delivered on
 * the parked connect, the echo service, and a JSONP handshake. Raw HTTP, HTTP/1.1, one cookie jar per client.
 */
class CometdReferenceServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private CometdReferenceServer server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = new CometdReferenceServer();
        new CommandLine(server).parseArgs("--port", "0", "--timeout", "3000", "--max-interval", "10000");
        url = "http://127.0.0.1:" + server.start() + "/cometd";
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void publishFromOneBrowserIsDeliveredOnTheOthersParkedConnect() throws Exception {
        Client alice = new Client();
        Map<String, Object> hs = alice.handshake(true);
        assertThat(hs).containsEntry("successful", true);
        assertThat((Object[]) hs.get("supportedConnectionTypes")).containsExactly("long-polling", "callback-polling");
        @SuppressWarnings("unchecked")
        Map<String, Object> ext = (Map<String, Object>) hs.get("ext");
        assertThat(ext).containsEntry("ack", true).containsKey("timesync");

        assertThat(alice.one("{\"id\":\"2\",\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\","
                + "\"advice\":{\"timeout\":0},\"clientId\":\"%s\",\"ext\":{\"ack\":0}}"))
                .containsEntry("successful", true);
        assertThat(alice.one("{\"id\":\"3\",\"channel\":\"/meta/subscribe\",\"subscription\":\"/chat/room1\",\"clientId\":\"%s\"}"))
                .containsEntry("successful", true).containsEntry("subscription", "/chat/room1");

        CompletableFuture<HttpResponse<String>> parked = alice.sendAsync("[{\"id\":\"4\",\"channel\":\"/meta/connect\","
                + "\"connectionType\":\"long-polling\",\"clientId\":\"%s\",\"ext\":{\"ack\":1}}]");

        Client bob = new Client();
        bob.handshake(false);   // not meta-connect-only (ack is), so the echo can ride the request's reply
        List<Map<String, Object>> published = bob.send("[{\"id\":\"3\",\"channel\":\"/chat/room1\","
                + "\"data\":{\"user\":\"bob\",\"text\":\"hi\"},\"clientId\":\"%s\"}]");
        assertThat(published).anySatisfy(m -> assertThat(m).containsEntry("channel", "/chat/room1")
                .containsEntry("id", "3").containsEntry("successful", true));

        List<Map<String, Object>> delivered = messages(parked.get(WAIT.toSeconds(), TimeUnit.SECONDS).body());
        assertThat(delivered.get(0)).containsEntry("channel", "/chat/room1")
                .containsEntry("data", Map.of("user", "bob", "text", "hi"));
        assertThat(delivered.get(delivered.size() - 1)).containsEntry("channel", "/meta/connect")
                .containsEntry("id", "4").containsEntry("successful", true);

        List<Map<String, Object>> echoed = bob.send(
                "[{\"id\":\"8\",\"channel\":\"/service/echo\",\"data\":{\"ping\":1},\"clientId\":\"%s\"}]");
        assertThat(echoed).anySatisfy(m -> assertThat(m).containsEntry("channel", "/service/echo")
                .containsEntry("data", Map.of("echo", Map.of("ping", 1L))));
        assertThat(echoed).anySatisfy(m -> assertThat(m).containsEntry("id", "8").containsEntry("successful", true));
    }

    @Test
    void jsonpHandshakeIsWrappedInTheCallback() throws Exception {
        String message = "[{\"id\":\"1\",\"version\":\"1.0\",\"channel\":\"/meta/handshake\","
                + "\"supportedConnectionTypes\":[\"callback-polling\"]}]";
        HttpResponse<String> r = new Client().http.send(HttpRequest.newBuilder(URI.create(url + "?jsonp=myCallback&message="
                + URLEncoder.encode(message, StandardCharsets.UTF_8))).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(r.body()).startsWith("myCallback([").contains("\"successful\":true").endsWith("])");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(String body) {
        return Arrays.stream((Object[]) new JSON().fromJSON(body)).map(m -> (Map<String, Object>) m).toList();
    }

    /** One browser: its own cookie jar (BAYEUX_BROWSER) and clientId; {@code %s} in a body is the clientId. */
    private final class Client {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).connectTimeout(WAIT).build();
        String clientId = "";

        Map<String, Object> handshake(boolean extensions) throws Exception {
            String ext = extensions
                    ? ",\"ext\":{\"ack\":true,\"timesync\":{\"tc\":" + System.currentTimeMillis() + ",\"l\":0,\"o\":0}}"
                    : "";
            Map<String, Object> reply = send("[{\"id\":\"1\",\"version\":\"1.0\",\"minimumVersion\":\"1.0\","
                    + "\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":[\"long-polling\",\"callback-polling\"],"
                    + "\"advice\":{\"timeout\":60000,\"interval\":0}" + ext + "}]").get(0);
            clientId = (String) reply.get("clientId");
            assertThat(clientId).isNotBlank();
            return reply;
        }

        Map<String, Object> one(String messageTemplate) throws Exception {
            List<Map<String, Object>> replies = send("[" + messageTemplate + "]");
            assertThat(replies).hasSize(1);
            return replies.get(0);
        }

        List<Map<String, Object>> send(String bodyTemplate) throws Exception {
            HttpResponse<String> r = sendAsync(bodyTemplate).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return messages(r.body());
        }

        CompletableFuture<HttpResponse<String>> sendAsync(String bodyTemplate) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT)
                    .header("Content-Type", "application/json;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(bodyTemplate.replace("%s", clientId))).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                assertThat(r.statusCode()).as("HTTP status of %s", bodyTemplate).isEqualTo(200);
                return r;
            });
        }
    }
}
