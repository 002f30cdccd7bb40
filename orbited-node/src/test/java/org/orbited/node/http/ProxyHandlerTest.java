package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ProxyHandler} between real sockets: a JDK or raw backend, a Netty front, real HTTP clients. */
class ProxyHandlerTest {
    private static final Duration LONG_IDLE = Duration.ofSeconds(300);
    private static EventLoopGroup group;
    private static LeakRecorder leaks;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private JdkBackend backend;

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        leaks = LeakRecorder.install();
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        leaks.uninstall();
    }

    @BeforeEach
    void startBackend() throws IOException {
        backend = track(new JdkBackend());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        leaks.assertNoLeaks();
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private ProxyTestServer proxy(boolean keepalive, Duration idle, ProxyRoute... rules) throws InterruptedException {
        return track(new ProxyTestServer(group, List.of(rules), keepalive, idle));
    }

    private ProxyTestServer proxyToBackend() throws InterruptedException {
        return proxy(true, LONG_IDLE, new ProxyRoute("/app/", "127.0.0.1", backend.port(), false));
    }

    private RawHttp raw(ProxyTestServer p) throws IOException {
        return track(new RawHttp(p.port()));
    }

    private URI uri(ProxyTestServer p, String path) {
        return URI.create("http://127.0.0.1:" + p.port() + path);
    }

    private static String get(String path, String... headerLines) {
        StringBuilder b = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: front.example\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    @Test
    void getIsForwardedWithUriUnchangedAndForwardingHeaders() throws Exception {
        ProxyTestServer p = proxyToBackend();

        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(p, "/app/echo/x?y=1&z=%20")).build(),
                BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(backend.lastUri.get()).isEqualTo("/app/echo/x?y=1&z=%20");
        assertThat(backend.lastMethod.get()).isEqualTo("GET");
        var h = backend.lastHeaders.get();
        assertThat(h.getFirst("Host")).isEqualTo("127.0.0.1:" + p.port());
        assertThat(h.getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(h.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(h.getFirst("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + p.port());
    }

    @Test
    void existingForwardedForIsAppendedTo() throws Exception {
        ProxyTestServer p = proxyToBackend();
        RawHttp c = raw(p);

        RawHttp.Response r = c.send(get("/app/echo", "X-Forwarded-For: 10.0.0.7")).read();

        assertThat(r.head().status()).isEqualTo(200);
        assertThat(backend.lastHeaders.get().getFirst("X-Forwarded-For")).isEqualTo("10.0.0.7, 127.0.0.1");
        assertThat(backend.lastHeaders.get().getFirst("Host")).isEqualTo("front.example");
    }

    @Test
    void postBodyIsForwarded() throws Exception {
        ProxyTestServer p = proxyToBackend();

        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(p, "/app/echo"))
                .POST(BodyPublishers.ofString("user=alice&msg=hi")).build(), BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("user=alice&msg=hi");
        assertThat(backend.lastMethod.get()).isEqualTo("POST");
    }

    @Test
    void megabyteBodiesStreamBothWays() throws Exception {
        ProxyTestServer p = proxyToBackend();
        byte[] body = new byte[1 << 20];
        new Random(42).nextBytes(body);

        HttpResponse<byte[]> sized = client.send(HttpRequest.newBuilder(uri(p, "/app/echo"))
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofByteArray());
        HttpResponse<byte[]> chunked = client.send(HttpRequest.newBuilder(uri(p, "/app/echo"))
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                BodyHandlers.ofByteArray());

        assertThat(sized.statusCode()).isEqualTo(200);
        assertThat(sized.body()).isEqualTo(body);
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).isEqualTo(body);
    }

    @Test
    void chunkedBackendResponseStaysChunkedAndConnectionStaysUsable() throws Exception {
        ProxyTestServer p = proxyToBackend();
        RawHttp c = raw(p);

        RawHttp.Response first = c.send(get("/app/chunked")).read();
        RawHttp.Response second = c.send(get("/app/chunked")).read();

        assertThat(first.head().status()).isEqualTo(200);
        assertThat(first.head().header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(first.head().has("Content-Length")).isFalse();
        assertThat(first.text()).isEqualTo("alpha-beta-gamma");
        assertThat(second.text()).isEqualTo("alpha-beta-gamma");
    }

    @Test
    void chunkedResponseToHttp10BrowserIsDelimitedByClose() throws Exception {
        ProxyTestServer p = proxyToBackend();
        RawHttp c = raw(p);

        RawHttp.Response r = c.send("GET /app/chunked HTTP/1.0\r\nHost: front.example\r\n\r\n").read();

        assertThat(r.head().status()).isEqualTo(200);
        assertThat(r.head().has("Transfer-Encoding")).isFalse();
        assertThat(r.head().header("Connection")).isEqualToIgnoringCase("close");
        assertThat(r.text()).isEqualTo("alpha-beta-gamma");
    }

    @Test
    void hopByHopRequestHeadersAreStripped() throws Exception {
        ProxyTestServer p = proxyToBackend();
        RawHttp c = raw(p);

        RawHttp.Response r = c.send(get("/app/echo", "Connection: keep-alive, X-Secret", "X-Secret: 1",
                "Keep-Alive: 300", "Proxy-Connection: keep-alive", "Proxy-Authorization: Basic Zm9vOmJhcg==",
                "TE: trailers", "Trailer: X-Later", "X-End-To-End: kept")).read();

        assertThat(r.head().status()).isEqualTo(200);
        var h = backend.lastHeaders.get();
        assertThat(h.getFirst("X-End-To-End")).isEqualTo("kept");
        for (String name : List.of("X-Secret", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "TE",
                "Trailer", "Connection")) {
            assertThat(h.containsKey(name)).as(name).isFalse();
        }
    }

    @Test
    void hopByHopResponseHeadersAreStripped() throws Exception {
        ProxyTestServer p = proxyToBackend();
        RawHttp c = raw(p);

        RawHttp.Response r = c.send(get("/app/hop")).read();

        assertThat(r.head().status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hop");
        assertThat(r.head().header("X-Kept")).isEqualTo("yes");
        assertThat(r.head().has("X-Custom")).isFalse();
        assertThat(r.head().has("Keep-Alive")).isFalse();
        assertThat(r.head().has("Connection")).isFalse(); // HTTP/1.1 keep-alive needs no header
    }

    @Test
    void keepaliveReusesOneBackendConnection() throws Exception {
        ProxyTestServer p = proxyToBackend();
        RawHttp c = raw(p);

        for (int i = 0; i < 3; i++) {
            assertThat(c.send(get("/app/hop")).read().text()).isEqualTo("hop");
        }

        assertThat(backend.connections).hasSize(1);
        assertThat(backend.lastHeaders.get().containsKey("Connection")).isFalse();
    }

    @Test
    void withoutKeepaliveEachRequestGetsItsOwnBackendConnection() throws Exception {
        ProxyTestServer p = proxy(false, LONG_IDLE, new ProxyRoute("/app/", "127.0.0.1", backend.port(), false));
        RawHttp c = raw(p);

        for (int i = 0; i < 3; i++) {
            assertThat(c.send(get("/app/hop")).read().text()).isEqualTo("hop");
        }

        assertThat(backend.connections).hasSize(3);
        assertThat(backend.lastHeaders.get().getFirst("Connection")).isEqualToIgnoringCase("close");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        ProxyTestServer p = proxyToBackend();
        RawHttp c = raw(p);

        c.send(get("/app/hop") + get("/app/chunked") + get("/local/x"));

        assertThat(c.read().text()).isEqualTo("hop");
        assertThat(c.read().text()).isEqualTo("alpha-beta-gamma");
        RawHttp.Response local = c.read();
        assertThat(local.head().status()).isEqualTo(404);
        assertThat(local.text()).isEqualTo("not found: /local/x\n");
    }

    @Test
    void requestWithoutTargetIsPassedOn() throws Exception {
        ProxyTestServer p = proxyToBackend();

        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(p, "/local/page")).build(),
                BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("not found: /local/page\n");
        assertThat(backend.connections).isEmpty();
    }

    @Test
    void closedBackendPortGets502AndTheServerKeepsServing() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        ProxyTestServer p = proxy(true, LONG_IDLE, new ProxyRoute("/dead/", "127.0.0.1", dead, false),
                new ProxyRoute("/app/", "127.0.0.1", backend.port(), false));
        RawHttp c = raw(p);

        RawHttp.Response r = c.send(get("/dead/x")).read();

        String body = "proxy backend unreachable: 127.0.0.1:" + dead + "\n";
        assertThat(r.head().statusLine()).isEqualTo("HTTP/1.1 502 Bad Gateway");
        assertThat(r.head().header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.head().header("Content-Length")).isEqualTo(String.valueOf(body.length()));
        assertThat(r.head().header("Connection")).isEqualTo("close");
        assertThat(r.text()).isEqualTo(body);
        assertThat(c.closedByPeer()).isTrue();

        HttpResponse<String> next = client.send(HttpRequest.newBuilder(uri(p, "/app/hop")).build(),
                BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("hop");
    }

    @Test
    void backendResetBeforeTheHeadGets502() throws Exception {
        RawBackend b = track(new RawBackend(RawBackend.Mode.RESET));
        ProxyTestServer p = proxy(true, LONG_IDLE, new ProxyRoute("/", "127.0.0.1", b.port(), false));
        RawHttp c = raw(p);

        RawHttp.Response r = c.send(get("/app/x")).read();

        assertThat(r.head().status()).isEqualTo(502);
        assertThat(r.text()).isEqualTo("proxy backend unreachable: 127.0.0.1:" + b.port() + "\n");
        assertThat(c.closedByPeer()).isTrue();
    }

    @Test
    void backendClosingMidResponseClosesTheBrowserConnection() throws Exception {
        RawBackend b = track(new RawBackend(RawBackend.Mode.TRUNCATE));
        ProxyTestServer p = proxy(true, LONG_IDLE, new ProxyRoute("/", "127.0.0.1", b.port(), false));
        RawHttp c = raw(p);

        RawHttp.Head head = c.send(get("/app/x")).readHead();
        byte[] rest = c.readToEof(); // returns only because the proxy closes; a hang times out

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("100000");
        assertThat(rest.length).isLessThan(100000);
    }

    @Test
    void idleBackendConnectionIsClosedAfterTheKeepaliveTimeout() throws Exception {
        RawBackend b = track(new RawBackend(RawBackend.Mode.KEEP_ALIVE));
        ProxyTestServer p = proxy(true, Duration.ofMillis(300), new ProxyRoute("/", "127.0.0.1", b.port(), false));
        RawHttp c = raw(p);

        assertThat(c.send(get("/a")).read().text()).isEqualTo("ok");
        assertThat(b.closedByProxy.get()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.closedByProxy.get() == 1);

        assertThat(c.send(get("/b")).read().text()).isEqualTo("ok"); // the browser connection lives on
        assertThat(b.accepted.get()).isEqualTo(2);
    }

    @Test
    void browserCloseClosesTheBackendConnection() throws Exception {
        RawBackend b = track(new RawBackend(RawBackend.Mode.HANG));
        ProxyTestServer p = proxy(true, LONG_IDLE, new ProxyRoute("/", "127.0.0.1", b.port(), false));
        RawHttp c = raw(p);

        c.send(get("/slow"));
        await().atMost(Duration.ofSeconds(5)).until(() -> b.accepted.get() == 1);
        c.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> b.closedByProxy.get() == 1);
    }
}
