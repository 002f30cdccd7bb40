package org.orbited.webirc.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HelpDeskOptionsTest {
    private static HelpDeskOptions parse(String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return HelpDeskOptions.parse("helpdesk", m);
    }

    private static void bad(String key, String value, String why) {
        assertThatThrownBy(() -> parse(key, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("[plugin:helpdesk] " + key + ":").hasMessageContaining(why);
    }

    @Test
    void defaults() {
        HelpDeskOptions o = parse();
        assertThat(o.desks()).containsExactly("support");
        assertThat(o.anyDesk()).isFalse();
        assertThat(o.keySignIn()).isTrue();
        assertThat(o.helperKey()).isNull();                 // generated at start
        assertThat(o.helperAttribute()).isEqualTo("role");
        assertThat(o.helperRoles()).containsExactly("helper");
        assertThat(o.helperPage()).isEqualTo("/webirc/helper.html");
        assertThat(o.store()).isEqualTo(Path.of("helpdesk-data.json"));
        assertThat(o.textMax()).isEqualTo(2000);
        assertThat(o.historyMax()).isEqualTo(200);
        assertThat(o.conversationsMax()).isEqualTo(1000);
        assertThat(o.offlineMax()).isEqualTo(1000);
        assertThat(o.visitorsMax()).isEqualTo(10_000);
        assertThat(o.visitorRate()).isEqualTo(10);
        assertThat(o.helperRate()).isEqualTo(30);
        assertThat(o.typing()).isTrue();
        assertThat(o.greeting()).isNull();
        assertThat(o.conversationIdle()).isEqualTo(Duration.ofHours(24));
        assertThat(o.addressRate()).isEqualTo(20);
        assertThat(o.addressConversations()).isEqualTo(3);
        assertThat(o.storeMaxBytes()).isEqualTo(32L << 20);
    }

    @Test
    void perAddressLimitsAndTheTextBudget() {
        HelpDeskOptions o = parse("address.rate", "0", "address.conversations", "0", "store.max_bytes", "65536");
        assertThat(o.addressRate()).isZero();
        assertThat(o.addressConversations()).isZero();
        assertThat(o.storeMaxBytes()).isEqualTo(65536);
        bad("address.rate", "-1", "outside 0..100000");
        bad("address.conversations", "three", "not a whole number");
        bad("store.max_bytes", "1000", "outside 65536..1073741824");
    }

    @Test
    void desksAreAnAllowListOrAnyName() {
        HelpDeskOptions o = parse("desks", "support sales, billing");
        assertThat(o.desks()).containsExactlyInAnyOrder("support", "sales", "billing");
        assertThat(o.allows("sales")).isTrue();
        assertThat(o.allows("other")).isFalse();
        HelpDeskOptions any = parse("desks", "*");
        assertThat(any.allows("anything-1")).isTrue();
        assertThat(any.allows("Not A Desk")).isFalse();
        assertThat(any.deskList()).containsExactly("*");
        bad("desks", "support Sales", "not a desk name");
        bad("desks", "* support", "stands alone");
    }

    @Test
    void helperKeyIsLongEnoughOrOff() {
        assertThat(parse("helper.key", "0123456789abcdef").helperKey()).isEqualTo("0123456789abcdef");
        HelpDeskOptions off = parse("helper.key", "off");
        assertThat(off.keySignIn()).isFalse();
        assertThat(off.helperKey()).isNull();
        bad("helper.key", "short", "at least 16");
        bad("helper.key", "0123456789 abcdef", "without spaces");
        assertThat(parse("helper.key", "0123456789abcdef").toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void anEmptyStoreKeepsTheDeskInMemory() {
        assertThat(parse("store", "").store()).isNull();
        assertThat(parse("store", "/var/lib/orbited/desk.json").store()).isEqualTo(Path.of("/var/lib/orbited/desk.json"));
    }

    @Test
    void numbersDurationsAndSwitches() {
        HelpDeskOptions o = parse("text.max", "500", "history.max", "50", "visitor.rate", "3", "typing", "0",
                "conversation.idle", "0", "helper.roles", "helper, admin", "greeting", "  Hello! How can we help?  ");
        assertThat(o.textMax()).isEqualTo(500);
        assertThat(o.historyMax()).isEqualTo(50);
        assertThat(o.visitorRate()).isEqualTo(3);
        assertThat(o.typing()).isFalse();
        assertThat(o.conversationIdle()).isZero();
        assertThat(o.helperRoles()).isEqualTo(Set.of("helper", "admin"));
        assertThat(o.greeting()).isEqualTo("Hello! How can we help?");
        assertThat(parse("conversation.idle", "7d").conversationIdle()).isEqualTo(Duration.ofDays(7));
        bad("text.max", "0", "outside 1..20000");
        bad("history.max", "lots", "not a whole number");
        bad("typing", "maybe", "is not 1/0");
        bad("conversation.idle", "soon", "not a duration");
        bad("greeting", "bell\u0007", "control or invisible");
    }

    @Test
    void unknownKeysAreRefused() {
        bad("text.maxx", "10", "unknown option");
    }
}
