package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.NodeProcess;

/**
 * The shipped plugin jar (shaded, made in process-classes) alone in a node's plugin directory: the node runs as a
 * process ({@code java -cp <node> org.orbited.node.Main orbited.cfg}) whose class path holds neither this module's
 * classes nor PircBotX, Guava or commons, so the jar's own class loader (which sees only the API, Jackson and SLF4J
 * from the node) must find everything in the jar. It relays a message both ways with a real ngircd; and with no
 * {@code [plugin:irc...]} section the same node starts with the plugin loaded but inactive, logging nothing about IRC.
 */
class IrcPluginJarTest {
    private static final Duration READY_WAIT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final List<NodeProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(NodeProcess::close);
    }

    @Test
    void theJarHoldsItsLibrariesRelocatedAndNothingTheNodeProvides() throws Exception {
        try (ZipFile jar = new ZipFile(pluginJar().toFile())) {
            List<String> names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("META-INF/services/org.orbited.plugin.OrbitedPlugin",
                    "org/orbited/bridge/irc/IrcBridgePlugin.class", "org/pircbotx/PircBotX.class");
            assertThat(names).anyMatch(n -> n.startsWith("org/orbited/bridge/irc/shaded/guava/"))
                    .anyMatch(n -> n.startsWith("org/orbited/bridge/irc/shaded/lang3/"));
            assertThat(names).noneMatch(n -> n.startsWith("com/google/") || n.startsWith("org/apache/commons/")
                    || n.startsWith("org/orbited/plugin/") || n.startsWith("com/fasterxml/")
                    || n.startsWith("org/slf4j/") || n.startsWith("io/netty/") || n.startsWith("org/orbited/node/"));
        }
    }

    @Test
    void aNodeLoadingOnlyTheShadedJarRelaysThroughARealNgircd() throws Exception {
        try (NgircdServer ircd = NgircdServer.start(dir.resolve("ircd"))) {
            Path plugins = Files.createDirectories(dir.resolve("plugins"));
            Files.copy(pluginJar(), plugins.resolve(pluginJar().getFileName()));
            Files.writeString(dir.resolve("orbited.cfg"), """
                    [global]
                    http.port = 0
                    op.port = 0
                    http.bind = 127.0.0.1
                    op.bind = 127.0.0.1

                    [plugin:irc.local]
                    active = 1
                    host = 127.0.0.1
                    port = %d
                    tls = 0
                    nick = bridge
                    channels = help
                    reconnect.min = 200ms
                    """.formatted(ircd.port()));
            NodeProcess node = startNode("orbited.cfg");
            int httpPort = node.awaitReady(READY_WAIT);
            assertThat(node.output()).contains("plugin jars: [irc (" + pluginJar().getFileName() + ")]")
                    .contains("[plugin:irc.local] started");

            try (RawIrcClient helper = RawIrcClient.connect("helper", ircd.port());
                 BayeuxBrowser browser = new BayeuxBrowser(httpPort, IrcTestOptions.SAY)) {
                helper.join("#help");
                browser.subscribe("/irc/local/$23help");
                helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" JOIN :#help"), WAIT);
                assertThat(browser.say("#help", "from the jar", "name", "jo")).containsEntry("ok", true);
                helper.await(l -> l.startsWith(":bridge!") && l.endsWith(" PRIVMSG #help :<jo_web> from the jar"),
                        WAIT);
                helper.send("PRIVMSG #help :to the jar");
                assertThat(browser.await(m -> "to the jar".equals(m.get("text")))).containsEntry("type", "message")
                        .containsEntry("sender", "helper");
            }
            // A graceful stop too: the bridge's threads end before the node closes the plugin's class loader (a
            // class first loaded on the way out, by a connection thread still running, failed here once).
            assertThat(node.stopAndCollect(java.time.Duration.ofSeconds(10))).doesNotContain("ClassNotFoundException", "NoClassDefFoundError",
                    "NoSuchFieldError");
        }
    }

    @Test
    void withoutAnIrcSectionTheShippedPluginStaysInactive() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(pluginJar(), plugins.resolve(pluginJar().getFileName()));
        Files.writeString(dir.resolve("orbited.cfg"), "[global]\nhttp.port = 0\nop.port = 0\nhttp.bind = 127.0.0.1\n"
                + "op.bind = 127.0.0.1\n");
        NodeProcess node = startNode("orbited.cfg");
        node.awaitReady(READY_WAIT);
        String out = node.output();
        assertThat(out).contains("plugin jars: [irc (" + pluginJar().getFileName() + ")]");
        // the word irc, not webirc (the help desk's package and the widget's path, on by default)
        java.util.regex.Pattern irc = java.util.regex.Pattern.compile("\\birc\\b");
        assertThat(out.lines().filter(l -> irc.matcher(l).find() && !l.contains("plugin jars:")).toList()).isEmpty();
        assertThat(out).doesNotContain("ERROR", "Exception");
    }

    private static Path pluginJar() {
        Path jar = Path.of(System.getProperty("irc.jar"));
        assertThat(jar).as("the shaded plugin jar (made in process-classes)").isRegularFile();
        return jar;
    }

    /** The node with this test's class path minus this module's classes and the libraries the jar carries. */
    private NodeProcess startNode(String... args) throws IOException {
        NodeProcess node = NodeProcess.start(dir, List.of(Path.of(System.getProperty("irc.classes")),
                Path.of(System.getProperty("irc.testClasses"))), List.of("pircbotx-", "guava-", "commons-lang3-", "commons-codec-"), args);
        started.add(node);
        return node;
    }
}
