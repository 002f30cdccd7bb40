package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Resource names a plugin asks for are shared with the node only when they are plainly inside a shared package. */
class PluginApiClassLoaderTest {
    private final PluginApiClassLoader loader = new PluginApiClassLoader(PluginApiClassLoaderTest.class.getClassLoader());

    @Test
    void aSharedPackagesResourceIsFoundAndAPathEscapingItIsNot() {
        assertThat(loader.getResource("org/orbited/plugin/OrbitedPlugin.class")).isNotNull();
        assertThat(loader.getResource("org/orbited/plugin/../node/OrbitedNode.class"))
                .as("a .. segment leaving the API package").isNull();
        assertThat(loader.getResource("org/orbited/plugin/./../node/OrbitedNode.class")).isNull();
        assertThat(loader.getResource("org/orbited/node/OrbitedNode.class")).as("the node itself").isNull();
    }

    @Test
    void namesWithDotSegmentsMapToNoPackage() {
        assertThat(PluginApiClassLoader.resourceClassName("org/orbited/plugin/../node/X.class")).isEmpty();
        assertThat(PluginApiClassLoader.resourceClassName("/org/orbited/plugin/X.class")).isEmpty();
        assertThat(PluginApiClassLoader.resourceClassName("org/orbited/plugin/X.class"))
                .isEqualTo("org.orbited.plugin.X.class");
    }
}
