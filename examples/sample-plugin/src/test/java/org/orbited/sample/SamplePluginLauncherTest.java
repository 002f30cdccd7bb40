package org.orbited.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.testing.NodeProcess;

/**
 * The sample plugin's jar, built against orbited-plugin-api alone, in the plugin directory of a node started as a
 * real process ({@code java -cp <node> org.orbited.node.Main orbited.cfg}, the sample's own classes not on that class
 * path), exchanging messages with a real CometD 8 Java client; and a plugin directory the node refuses, saying which
 * jars are at fault. Lives in this module, not orbited-node, because the jar must exist before the test runs.
 */
class SamplePluginLauncherTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long MESSAGE_WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    private final List<NodeProcess> started = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        started.forEach(NodeProcess::close);
    }

    @Test
    void theSampleJarInThePluginDirectoryExchangesMessagesWithACometdClient() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins")); // the default plugin.dir, beside the file
        Files.copy(sampleJar(), plugins.resolve(sampleJar().getFileName()));
        Files.writeString(dir.resolve("orbited.cfg"), """
                [global]
                http.port = 0
                op.port = 0
                http.bind = 127.0.0.1
                op.bind = 127.0.0.1

                [plugin:sample]
                active = 1
                greeting = hi from the plugin directory
                """);
        NodeProcess node = startNode("orbited.cfg");
        int httpPort = node.awaitReady(WAIT);
        assertThat(node.output()).contains("plugin jars: [sample (" + sampleJar().getFileName() + ")]")
                .contains("[plugin:sample] started (org.orbited.sample.SamplePlugin)");

        BayeuxClient client = client("http://127.0.0.1:" + httpPort + "/cometd");
        client.handshake();
        assertThat(client.waitFor(MESSAGE_WAIT_SECONDS * 1000, BayeuxClient.State.CONNECTED)).isTrue();

        CompletableFuture<Map<String, Object>> greeting = new CompletableFuture<>();
        CompletableFuture<Map<String, Object>> relayed = new CompletableFuture<>();
        CompletableFuture<Message> subscribed = new CompletableFuture<>();
        client.getChannel("/sample/out").subscribe((channel, message) -> {
            Map<String, Object> data = message.getDataAsMap();
            (data.containsKey("greeting") ? greeting : relayed).complete(data);
        }, subscribed::complete);
        assertThat(subscribed.get(MESSAGE_WAIT_SECONDS, TimeUnit.SECONDS).isSuccessful()).isTrue();
        assertThat(greeting.get(MESSAGE_WAIT_SECONDS, TimeUnit.SECONDS))
                .containsEntry("greeting", "hi from the plugin directory");

        client.getChannel("/sample/in").publish(Map.of("text", "ping"));
        Map<String, Object> heard = relayed.get(MESSAGE_WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(heard).containsEntry("from", client.getId());
        assertThat(heard.get("heard")).isEqualTo(Map.of("text", "ping"));

        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.remoteCall("sample/echo", Map.of("text", "echo me"), reply::complete);
        Message answer = reply.get(MESSAGE_WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(answer.getChannel()).isEqualTo("/service/sample/echo");
        assertThat(answer.getDataAsMap()).containsEntry("plugin", "sample")
                .containsEntry("echo", Map.of("text", "echo me"));
    }

    @Test
    void twoJarsWithOnePluginNameStopTheNodeNamingBoth() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path first = Files.copy(sampleJar(), plugins.resolve("sample-1.jar"));
        Path second = Files.copy(sampleJar(), plugins.resolve("sample-2.jar"));
        Files.writeString(dir.resolve("orbited.cfg"), "[global]\nhttp.port = 0\nop.port = 0\n");
        NodeProcess node = startNode("orbited.cfg");
        assertThat(node.awaitExit(WAIT)).as("exit status; output:\n%s", node.output()).isEqualTo(2);
        assertThat(node.output())
                .contains("orbited: error: plugin directory: plugin name 'sample' is provided by more than one plugin")
                .contains(first.toRealPath().toString()).contains(second.toRealPath().toString())
                .doesNotContain("Exception");
    }

    @Test
    void aBrokenJarAndAJarWithoutServiceFileStopTheNodeNamingThem() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("elsewhere"));
        Path broken = Files.writeString(plugins.resolve("broken.jar"), "not a zip");
        Path plain = Files.copy(clientJar(), plugins.resolve("not-a-plugin.jar"));
        Files.writeString(dir.resolve("orbited.cfg"), "[global]\nhttp.port = 0\nop.port = 0\nplugin.dir = elsewhere\n");
        NodeProcess node = startNode("orbited.cfg");
        assertThat(node.awaitExit(WAIT)).as("exit status; output:\n%s", node.output()).isEqualTo(2);
        assertThat(node.output())
                .contains("plugin jar " + broken.toRealPath() + " is not a readable jar")
                .contains("plugin jar " + plain.toRealPath() + " has no META-INF/services/org.orbited.plugin.OrbitedPlugin")
                .doesNotContain("Exception");
    }

    /** The sample plugin's jar, made by this module's build before the tests run. */
    private static Path sampleJar() {
        Path jar = Path.of(System.getProperty("sample.jar"));
        assertThat(jar).as("the sample plugin jar (made in process-classes)").isRegularFile();
        return jar;
    }

    /** Some jar with no plugin in it: the one the CometD client class comes from. */
    private static Path clientJar() throws Exception {
        return Path.of(BayeuxClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private BayeuxClient client(String url) throws Exception {
        HttpClient http = new HttpClient();
        http.start();
        BayeuxClient client = new BayeuxClient(url, new JettyHttpClientTransport(null, http));
        clients.add(() -> {
            client.disconnect(1000);
            http.stop();
        });
        return client;
    }

    /**
     * Runs the node in {@link #dir} with this test's class path minus this module's own classes (the plugin must
     * come from its jar only), output merged into one stream.
     */
    private NodeProcess startNode(String... args) throws IOException {
        NodeProcess node = NodeProcess.start(dir, List.of(Path.of(System.getProperty("sample.classes")),
                Path.of(System.getProperty("sample.testClasses"))), List.of(), args);
        started.add(node);
        return node;
    }
}
