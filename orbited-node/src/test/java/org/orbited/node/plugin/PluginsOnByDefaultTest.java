package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sections the configuration adds by itself (the help desk) and a build that lacks their plugin. */
class PluginsOnByDefaultTest {
    private final PluginJars none = PluginJars.load(List.of(), getClass().getClassLoader());

    @Test
    void anOnByDefaultSectionWithoutItsPluginIsSkippedNotFatal() {
        assertThat(PluginCatalog.resolve(Map.of("absent-desk", Map.of()), Set.of("absent-desk"),
                getClass().getClassLoader(), none)).isEmpty();
    }

    @Test
    void withOptionsOrWithoutBeingOnByDefaultItStillFails() {
        assertThatThrownBy(() -> PluginCatalog.resolve(Map.of("absent-desk", Map.of("desks", "a")),
                Set.of("absent-desk"), getClass().getClassLoader(), none))
                .hasMessageContaining("[plugin:absent-desk] is active, but no plugin");
        assertThatThrownBy(() -> PluginCatalog.resolve(Map.of("absent-desk", Map.of()), Set.of(),
                getClass().getClassLoader(), none)).hasMessageContaining("[plugin:absent-desk] is active, but no plugin");
    }

    @Test
    void thePresentHelpDeskResolves() {
        assertThat(PluginCatalog.resolve(Map.of("helpdesk", Map.of()), Set.of("helpdesk"), getClass().getClassLoader(),
                none)).extracting(PluginCatalog.Resolved::name).containsExactly("helpdesk");
    }
}
