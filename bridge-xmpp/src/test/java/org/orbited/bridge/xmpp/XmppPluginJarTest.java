package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * classes nor Smack, jxmpp or minidns, so the jar's own class loader (which sees only the API, Jackson and SLF4J from
 * the node) must find everything in the jar, while the thread's context class loader is the node's, which has no
 * Smack: this is what {@link SmackSetup}'s class-loader fix is for (without it the first Smack use fails with "No
 * XmlPullParserFactory registered"). It relays a message both ways with a real prosody; and with no
 * {@code [plugin:xmpp...]} section the same node starts with the plugin loaded but inactive, logging nothing about it.
 */
class XmppPluginJarTest {
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<NodeProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(NodeProcess::close);
    }

    @Test
    void theJarHoldsSmackUnrelocatedBridgeCommonRelocatedAndNothingTheNodeProvides() throws Exception {
        try (ZipFile jar = new ZipFile(pluginJar().toFile())) {
            List<String> names = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("META-INF/services/org.orbited.plugin.OrbitedPlugin",
                    "org/orbited/bridge/xmpp/XmppBridgePlugin.class",
                    "org/jivesoftware/smack/tcp/XMPPTCPConnection.class",
                    "org/jivesoftware/smack/xml/stax/StaxXmlPullParserFactory.class",
                    "org/jivesoftware/smack/java7/XmppHostnameVerifier.class",
                    "org.jivesoftware.smack/smack-config.xml",
                    "org.jivesoftware.smack.extensions/extensions.providers",
                    "META-INF/licenses/THIRD-PARTY.txt", "META-INF/licenses/Apache-2.0.txt");
            assertThat(names).anyMatch(n -> n.startsWith("org/orbited/bridge/xmpp/shaded/common/"))
                    .anyMatch(n -> n.startsWith("org/jxmpp/")).anyMatch(n -> n.startsWith("org/minidns/"));
            assertThat(names).noneMatch(n -> n.startsWith("org/orbited/bridge/common/")
                    || n.startsWith("org/orbited/plugin/") || n.startsWith("com/fasterxml/")
                    || n.startsWith("org/slf4j/") || n.startsWith("io/netty/") || n.startsWith("org/orbited/node/")
                    || n.startsWith("org/pircbotx/"));
        }
    }

    /**
     * The class-loader fix itself: the shaded jar in a loader of its own (parent: the platform loader, plus SLF4J)
     * while the thread's context loader knows no Smack. Without {@link SmackSetup#init} Smack's first XML parse
     * fails for good ("No XmlPullParserFactory registered"); after it, stanzas parse.
     */
    @Test
    void smackWorksInTheJarsOwnLoaderWhateverTheContextLoaderWithSmackSetup() throws Exception {
        String stanza = "<message xmlns='jabber:client' from='lobby@conference.localhost/alice' type='groupchat'"
                + " id='x1'><body>hi &amp; &lt;b&gt;bye</body></message>";
        Thread me = Thread.currentThread();
        ClassLoader before = me.getContextClassLoader();
        me.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try (java.net.URLClassLoader without = isolated(); java.net.URLClassLoader with = isolated()) {
            Throwable failure = null;
            try {
                parse(without, stanza);
            } catch (java.lang.reflect.InvocationTargetException e) {
                failure = e.getCause();
            }
            assertThat(failure).as("Smack without SmackSetup under a foreign context loader").isNotNull();
            StringBuilder chain = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                chain.append(t).append('\n');
            }
            assertThat(chain.toString()).contains("XmlPullParserFactory");

            with.loadClass("org.orbited.bridge.xmpp.SmackSetup").getMethod("init").invoke(null);
            Object message = parse(with, stanza);
            assertThat(message.getClass().getMethod("getBody").invoke(message)).isEqualTo("hi & <b>bye");
        } finally {
            me.setContextClassLoader(before);
        }
    }

    private static Object parse(ClassLoader loader, String xml) throws Exception {
        return loader.loadClass("org.jivesoftware.smack.util.PacketParserUtils").getMethod("parseStanza", String.class)
                .invoke(null, xml);
    }

    /** The shaded jar and SLF4J's API (the node provides it to plugins), over the platform loader. */
    private static java.net.URLClassLoader isolated() throws Exception {
        Path slf4j = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith("slf4j-api-")).findFirst().orElseThrow();
        return new java.net.URLClassLoader(new java.net.URL[] {pluginJar().toUri().toURL(), slf4j.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
    }

    @Test
    void aNodeLoadingOnlyTheShadedJarRelaysThroughARealProsody() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir.resolve("prosody"))) {
            prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
            prosody.register("helper", "helper-pw");
            Path plugins = Files.createDirectories(dir.resolve("plugins"));
            Files.copy(pluginJar(), plugins.resolve(pluginJar().getFileName()));
            Files.writeString(dir.resolve("orbited.cfg"), """
                    [global]
                    http.port = 0
                    op.port = 0
                    http.bind = 127.0.0.1
                    op.bind = 127.0.0.1

                    [plugin:xmpp]
                    active = 1
                    host = 127.0.0.1
                    port = %d
                    tls = 0
                    domain = localhost
                    sasl.user = bridge
                    sasl.password = %s
                    muc = conference.localhost
                    rooms = lobby
                    mode = relay
                    nick = bridge
                    reconnect.min = 200ms
                    """.formatted(prosody.port(), XmppTestOptions.BRIDGE_PASSWORD));
            NodeProcess node = startNode("orbited.cfg");
            int httpPort = node.awaitReady(READY_WAIT);
            assertThat(node.output()).contains("plugin jars: [xmpp (" + pluginJar().getFileName() + ")]")
                    .contains("[plugin:xmpp] started");

            try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
                 BayeuxBrowser browser = new BayeuxBrowser(httpPort, XmppTestOptions.SAY)) {
                helper.join("lobby", "helper");
                browser.subscribe(XmppTestOptions.room("lobby"));
                browser.await(m -> "names".equals(m.get("type")));
                assertThat(browser.say("lobby", "from the jar", "name", "jo")).containsEntry("ok", true);
                assertThat(helper.awaitLine("lobby", "<jo_web> from the jar").nick()).isEqualTo("bridge");
                helper.say("lobby", "to the jar");
                assertThat(browser.await(m -> "to the jar".equals(m.get("text")))).containsEntry("type", "message")
                        .containsEntry("sender", "helper");
            }
            // A graceful stop too: the bridge's threads end before the node closes the plugin's class loader (a
            // class first loaded on the way out, by a connection thread still running, failed here once).
            assertThat(node.stopAndCollect(java.time.Duration.ofSeconds(10))).doesNotContain("ClassNotFoundException", "NoClassDefFoundError",
                    "ExceptionInInitializerError", "XmlPullParserFactory");
        }
    }

    @Test
    void withoutAnXmppSectionTheShippedPluginStaysInactive() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(pluginJar(), plugins.resolve(pluginJar().getFileName()));
        Files.writeString(dir.resolve("orbited.cfg"), "[global]\nhttp.port = 0\nop.port = 0\nhttp.bind = 127.0.0.1\n"
                + "op.bind = 127.0.0.1\n");
        NodeProcess node = startNode("orbited.cfg");
        node.awaitReady(READY_WAIT);
        String out = node.output();
        assertThat(out).contains("plugin jars: [xmpp (" + pluginJar().getFileName() + ")]");
        assertThat(out.lines().filter(l -> l.contains("xmpp") && !l.contains("plugin jars:")).toList()).isEmpty();
        assertThat(out).doesNotContain("ERROR", "Exception");
    }

    private static Path pluginJar() {
        Path jar = Path.of(System.getProperty("xmpp.jar"));
        assertThat(jar).as("the shaded plugin jar (made in process-classes)").isRegularFile();
        return jar;
    }

    /** The node with this test's class path minus this module's classes and the libraries the jar carries. */
    private NodeProcess startNode(String... args) throws IOException {
        NodeProcess node = NodeProcess.start(dir, List.of(Path.of(System.getProperty("xmpp.classes")),
                Path.of(System.getProperty("xmpp.testClasses"))), List.of("smack-", "jxmpp-", "minidns-"), args);
        started.add(node);
        return node;
    }
}
