package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.node.config.NodeConfig;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.slf4j.Logger;

/**
 * Plugin jars in a plugin directory ({@link PluginJars}, {@link PluginApiClassLoader}, {@link PluginHost}): each jar
 * in its own class loader that sees the API, Jackson, SLF4J and the JDK but not Netty or the node, and every way a
 * directory can be wrong failing with a message naming the jar. The jars are built here from
 * {@link IsolationProbePlugin}'s compiled class, which the node's loader also has: the jar's copy is the one loaded
 * because the parent hides {@code org.orbited.node}.
 */
class PluginDirectoryTest {
    private static final String SERVICES = PluginJars.SERVICE_FILE;
    private static final ServerChannelsFactory NO_CHANNELS = RecordingServerChannels::new;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aJarsPluginSeesTheApiJacksonSlf4jAndTheJdkButNotNettyOrTheNode() throws Exception {
        Path jar = probeJar("probe.jar");
        PluginJars jars = load(dir);
        assertThat(jars.plugins()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo(IsolationProbePlugin.NAME);
            assertThat(f.jar()).isEqualTo(jar.toAbsolutePath().normalize());
        });
        OrbitedPlugin plugin = jars.plugins().get(0).plugin();
        ClassLoader loader = plugin.getClass().getClassLoader();
        assertThat(plugin.getClass()).isNotSameAs(IsolationProbePlugin.class); // the jar's copy, not the class path's
        assertThat(loader).isSameAs(jars.plugins().get(0).loader());
        assertThat(loader.getParent()).isInstanceOf(PluginApiClassLoader.class);

        @SuppressWarnings("unchecked")
        Function<String, Object> probe = (Function<String, Object>) plugin;
        for (String hidden : List.of("io.netty.buffer.ByteBuf", "io.netty.channel.Channel",
                "org.orbited.node.OrbitedNode", "org.orbited.node.plugin.PluginHost", "ch.qos.logback.classic.Logger",
                "org.orbited.node.plugin.EchoTestPlugin")) {
            assertThat(probe.apply(hidden)).as(hidden).isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(probe.apply("org.orbited.plugin.PluginContext")).isSameAs(PluginContext.class);
        assertThat(probe.apply("com.fasterxml.jackson.databind.JsonNode")).isSameAs(JsonNode.class);
        assertThat(probe.apply("org.slf4j.Logger")).isSameAs(Logger.class);
        assertThat(probe.apply("java.util.List")).isSameAs(List.class);
        assertThat(probe.apply("java.sql.Connection")).isSameAs(java.sql.Connection.class); // platform modules too

        // resources: the jar's own service file only, none of the node's; the shared packages' resources pass
        assertThat(Collections.list(loader.getResources(SERVICES))).singleElement()
                .satisfies(u -> assertThat(u.toString()).contains("probe.jar"));
        assertThat(loader.getResource("io/netty/buffer/ByteBuf.class")).isNull();
        assertThat(loader.getResource("org/slf4j/Logger.class")).isNotNull();
    }

    @Test
    void aConfiguredJarPluginStartsWithItsJarsLoaderAsContextLoader() throws Exception {
        probeJar("probe.jar");
        PluginHost host = new PluginHost(Map.of(IsolationProbePlugin.NAME, Map.of()), getClass().getClassLoader(),
                List.of(dir), NO_CHANNELS, new PluginHost.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 100));
        open.add(host::stop);
        host.start();
        assertThat(host.started()).containsExactly(IsolationProbePlugin.NAME);

        PluginJars jars = load(dir);
        List<PluginCatalog.Resolved> resolved =
                PluginCatalog.resolve(Map.of(IsolationProbePlugin.NAME, Map.of()), getClass().getClassLoader(), jars);
        assertThat(resolved).singleElement().satisfies(r -> {
            assertThat(r.loader()).isSameAs(jars.plugins().get(0).loader());
            assertThat(r.plugin()).isSameAs(jars.plugins().get(0).plugin());
        });
    }

    @Test
    void twoJarsWithOnePluginNameRefuseToLoadNamingBoth() throws Exception {
        Path a = probeJar("a-probe.jar");
        Path b = probeJar("b-probe.jar");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(PluginSetupException.class)
                .hasMessageContaining("'probe'").hasMessageContaining(a.toString()).hasMessageContaining(b.toString());
    }

    @Test
    void theSameNameInTheShippedDirectoryAndPluginDirIsAClashToo() throws Exception {
        Path shipped = Files.createDirectories(dir.resolve("shipped"));
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Path one = jar(shipped.resolve("probe.jar"), probeEntries(IsolationProbePlugin.class.getName()));
        Path two = jar(mine.resolve("probe.jar"), probeEntries(IsolationProbePlugin.class.getName()));
        assertThatThrownBy(() -> new PluginHost(Map.of(), getClass().getClassLoader(), List.of(shipped, mine),
                NO_CHANNELS, PluginHost.Limits.DEFAULT))
                .isInstanceOf(PluginSetupException.class)
                .hasMessageContaining(one.toString()).hasMessageContaining(two.toString());
    }

    @Test
    void aFileThatIsNotAJarIsNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("broken.jar"), "this is not a zip file");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(PluginSetupException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("not a readable jar");
    }

    @Test
    void aJarWithoutTheServiceFileIsNamed() throws Exception {
        Map<String, byte[]> entries = probeEntries(IsolationProbePlugin.class.getName());
        entries.remove(SERVICES);
        Path jar = jar(dir.resolve("no-services.jar"), entries);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(PluginSetupException.class)
                .hasMessageContaining(jar.toString()).hasMessageContaining("has no " + SERVICES);
    }

    @Test
    void aServiceFileListingAMissingClassOrNothingIsNamed() throws Exception {
        Path missing = jar(dir.resolve("missing.jar"), probeEntries("com.example.NoSuchPlugin"));
        Path empty = jar(dir.resolve("empty.jar"), probeEntries("# nothing here"));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(PluginSetupException.class)
                .hasMessageContaining(missing + ": a plugin it lists could not be loaded")
                .hasMessageContaining("com.example.NoSuchPlugin")
                .hasMessageContaining(empty + ": " + SERVICES + " lists no plugin");
    }

    @Test
    void aPluginNeedingANodeClassCannotBeLoaded() throws Exception {
        // a plugin whose constructor touches a node class (PluginHost): the jar's loader cannot find it
        Path jar = jar(dir.resolve("needs-node.jar"), probeEntries(NodeDependentPlugin.class.getName(),
                NodeDependentPlugin.class));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(PluginSetupException.class)
                .hasMessageContaining(jar.toString()).hasMessageContaining("PluginHost");
    }

    @Test
    void aMissingDirectoryHoldsNothingAndAFileIsNotADirectory() throws Exception {
        assertThat(load(dir.resolve("absent")).plugins()).isEmpty();
        Path file = Files.writeString(dir.resolve("plugins"), "x");
        assertThatThrownBy(() -> load(file)).isInstanceOf(PluginSetupException.class)
                .hasMessageContaining(file + " is not a directory");
    }

    @Test
    void anActiveSectionNamingNoPluginListsTheDirectorysPlugins() throws Exception {
        probeJar("probe.jar");
        assertThatThrownBy(() -> new PluginHost(Map.of("nope", Map.of()), getClass().getClassLoader(),
                List.of(dir), NO_CHANNELS, PluginHost.Limits.DEFAULT))
                .isInstanceOf(PluginSetupException.class)
                .hasMessageContaining("[plugin:nope]").hasMessageContaining("plugin directories [" + dir + "]")
                .hasMessageContaining("probe");
    }

    @Test
    void pluginDirIsRelativeToTheConfigurationFile() {
        Path cfg = dir.resolve("etc/orbited.cfg");
        assertThat(NodeConfig.builder().source(cfg).build().pluginDirectory()).isEqualTo(dir.resolve("etc/plugins"));
        assertThat(NodeConfig.builder().source(cfg).pluginDir("../lib/p").build().pluginDirectory())
                .isEqualTo(dir.resolve("lib/p"));
        assertThat(NodeConfig.builder().pluginDir(dir.resolve("abs").toString()).build().pluginDirectory())
                .isEqualTo(dir.resolve("abs"));
        assertThat(NodeConfig.builder().build().pluginDirectory())
                .isEqualTo(Path.of("plugins").toAbsolutePath().normalize());
    }

    /** A plugin whose class extends nothing of the node but whose constructor touches the node's PluginHost. */
    public static final class NodeDependentPlugin implements OrbitedPlugin {
        private final Class<?> host = PluginHost.class;

        @Override
        public String name() {
            return "needs-node-" + host.getSimpleName().length();
        }

        @Override
        public void start(PluginContext context) {
        }
    }

    private PluginJars load(Path d) {
        PluginJars jars = PluginJars.load(List.of(d), getClass().getClassLoader());
        open.add(jars);
        return jars;
    }

    private Path probeJar(String name) throws IOException {
        return jar(dir.resolve(name), probeEntries(IsolationProbePlugin.class.getName()));
    }

    /** The probe's class file, plus {@code classes}, and a service file reading {@code serviceLine}. */
    private static Map<String, byte[]> probeEntries(String serviceLine, Class<?>... classes) throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        List<Class<?>> all = new ArrayList<>(List.of(IsolationProbePlugin.class));
        all.addAll(List.of(classes));
        for (Class<?> c : all) {
            String path = c.getName().replace('.', '/') + ".class";
            try (var in = PluginDirectoryTest.class.getClassLoader().getResourceAsStream(path)) {
                entries.put(path, in.readAllBytes());
            }
        }
        entries.put(SERVICES, (serviceLine + "\n").getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    private static Path jar(Path path, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return path;
    }
}
