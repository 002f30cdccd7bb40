package org.orbited.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code [webirc]} and the help desk on by default (docs/webirc.md, docs/configuration.md). */
class WebircConfigTest {
    private static NodeConfig load(String text) throws ConfigException {
        return ConfigLoader.load(ConfigFile.parse("orbited.cfg", text), Map.of()).config();
    }

    @Test
    void builtInDefaultsServeTheWidgetAndRunTheHelpDesk() throws Exception {
        NodeConfig c = ConfigLoader.defaults(Map.of()).config();
        assertThat(c.webircPath()).isEqualTo("/webirc");
        assertThat(c.plugins()).containsEntry("helpdesk", Map.of());
    }

    @Test
    void theHelpDeskTakesItsOptionsAndTurnsOffWithActiveZero() throws Exception {
        assertThat(load("[plugin:helpdesk]\ndesks = support sales\n").plugins())
                .containsEntry("helpdesk", Map.of("desks", "support sales"));
        assertThat(load("[plugin:helpdesk]\nactive = 0\n").plugins()).doesNotContainKey("helpdesk");
        assertThat(ConfigLoader.defaults(Map.of("plugin:helpdesk.active", "0")).config().plugins())
                .doesNotContainKey("helpdesk");
        assertThat(load("[plugin:helpdesk.second]\nactive = 1\n").plugins()).containsKeys("helpdesk", "helpdesk.second");
        // an override with dots in its key names the default section, though no file mentions it
        assertThat(ConfigLoader.defaults(Map.of("plugin:helpdesk.helper.key", "k")).config().plugins())
                .containsEntry("helpdesk", Map.of("helper.key", "k")).doesNotContainKey("helpdesk.helper");
    }

    @Test
    void pathAndEnabled() throws Exception {
        assertThat(load("[webirc]\npath = /help/chat\n").webircPath()).isEqualTo("/help/chat");
        assertThat(load("[webirc]\nenabled = 0\n").webircPath()).isEmpty();
        for (String bad : new String[] {"webirc", "/webirc/", "/_/webirc", "/_", "/a b", "/a/../b", "/"}) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("[webirc]\npath = " + bad + "\n"));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.getMessage()).as(bad).contains("[webirc] path");
        }
    }
}
