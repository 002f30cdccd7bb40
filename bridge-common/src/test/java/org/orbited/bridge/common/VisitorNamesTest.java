package org.orbited.bridge.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.orbited.plugin.Identity;

class VisitorNamesTest {
    private final VisitorNames names = new VisitorNames(Pattern.compile("[a-z][a-z0-9]{0,15}"), "w-", "_web",
            new BridgeCodes("xmpp"));

    private static ObjectNode say(String name) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("text", "hi");
        return name == null ? o : o.put("name", name);
    }

    @Test
    void aChosenNameGetsTheAffixesAndNoNameAGuestNumber() throws Refused {
        assertThat(names.of(Identity.ANONYMOUS, "c1", say("alice"))).isEqualTo("w-alice_web");
        assertThat(names.of(null, "c1", say(null))).matches("w-guest\\d{4}_web");
        assertThat(names.of(null, "c1", say(null))).as("stable per client").isEqualTo(names.of(null, "c1", say(null)));
    }

    @Test
    void aNameThatDoesNotMatchIsRefusedNotReplaced() {
        assertThatThrownBy(() -> names.of(null, "c1", say("Not Valid"))).isInstanceOfSatisfying(Refused.class,
                e -> assertThat(e.code()).isEqualTo("xmpp_bad_name"));
        ObjectNode number = JsonNodeFactory.instance.objectNode().put("name", 5);
        assertThatThrownBy(() -> names.of(null, "c1", number)).isInstanceOf(Refused.class);
    }
}
