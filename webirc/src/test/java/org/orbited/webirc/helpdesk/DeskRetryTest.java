package org.orbited.webirc.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * What a reconnecting widget or helper page does again: a line re-sent with the same {@code cid} is said once, and a
 * visitor's ninth client (a new page while old pages' clients linger) replaces its oldest one.
 */
class DeskRetryTest {
    private static void ok(JsonNode answer) {
        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isTrue();
    }

    private static void refused(JsonNode answer, String code) {
        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isFalse();
        assertThat(answer.path("code").asText()).as(answer.toString()).isEqualTo(code);
    }

    private static String conversationOf(DeskFixture f, String client) {
        String visitor = f.desk.visitors.ofClient(client).orElseThrow().id();
        return f.desk.conversations.of(visitor, "support").orElseThrow().id();
    }

    @Test
    void aVisitorsLineSentAgainWithItsCidIsSaidOnce() {
        DeskFixture f = new DeskFixture();
        JsonNode hello = f.hello("tab1");
        f.helper("h", "Hal");
        JsonNode first = f.call("tab1", "say", "text", "hello?", "cid", "k1-A_b");
        ok(first);
        assertThat(first.has("duplicate")).isFalse();
        f.hello("tab2", "visitor", hello.path("visitor").asText(), "key", hello.path("key").asText());
        JsonNode again = f.call("tab2", "say", "text", "hello?", "cid", "k1-A_b");   // after a reconnect
        ok(again);
        assertThat(again.path("duplicate").asBoolean()).isTrue();
        assertThat(again.path("message")).isEqualTo(first.path("message"));
        assertThat(f.channels.eventsOf("h", "message")).hasSize(1);
        assertThat(f.channels.eventsOf("tab1", "message")).hasSize(1);
        ok(f.call("tab2", "say", "text", "hello?", "cid", "k2"));                   // another cid: another line
        assertThat(f.channels.eventsOf("h", "message")).hasSize(2);
    }

    @Test
    void aVisitorRemembersItsLast64Cids() {
        DeskFixture f = new DeskFixture("visitor.rate", "1000");
        f.hello("v");
        for (int i = 0; i <= RecentCids.MAX; i++) {
            ok(f.call("v", "say", "text", "line " + i, "cid", "c" + i));
        }
        assertThat(f.call("v", "say", "text", "line 1", "cid", "c1").path("duplicate").asBoolean()).isTrue();
        assertThat(f.call("v", "say", "text", "line 0", "cid", "c0").has("duplicate")).isFalse();   // forgotten
    }

    @Test
    void aHelpersLineSentAgainWithItsCidIsSaidOncePerConversation() {
        DeskFixture f = new DeskFixture();
        f.hello("v1");
        f.call("v1", "say", "text", "one");
        f.hello("v2");
        f.call("v2", "say", "text", "two");
        f.helper("h", "Hal");
        String c1 = conversationOf(f, "v1");
        String c2 = conversationOf(f, "v2");
        JsonNode first = f.call("h", "helper/say", "conversation", c1, "text", "hi", "cid", "x");
        ok(first);
        JsonNode again = f.call("h", "helper/say", "conversation", c1, "text", "hi", "cid", "x");
        assertThat(again.path("duplicate").asBoolean()).isTrue();
        assertThat(again.path("message").path("id")).isEqualTo(first.path("message").path("id"));
        assertThat(f.channels.eventsOf("v1", "message")).hasSize(2);   // "one" and "hi" once
        JsonNode other = f.call("h", "helper/say", "conversation", c2, "text", "hi", "cid", "x");
        assertThat(other.has("duplicate")).isFalse();                   // another conversation
        f.helper("h2", "Ida");
        assertThat(f.call("h2", "helper/say", "conversation", c1, "text", "hi", "cid", "x").has("duplicate"))
                .isFalse();                                             // another helper
    }

    @Test
    void aMalformedCidIsBadData() {
        DeskFixture f = new DeskFixture();
        f.hello("v");
        for (Object bad : new Object[] {"", "x".repeat(33), "a b", "é", "a/b", 42}) {
            refused(f.call("v", "say", "text", "hi", "cid", bad), HelpDeskCodes.BAD_DATA);
        }
        ok(f.call("v", "say", "text", "hi", "cid", "x".repeat(32)));
        String c = f.helper("h", "Hal").path("conversations").get(0).path("id").asText();
        refused(f.call("h", "helper/say", "conversation", c, "text", "hi", "cid", "a.b"), HelpDeskCodes.BAD_DATA);
        assertThat(f.channels.eventsOf("h", "message")).isEmpty();
    }

    @Test
    void aVisitorsNinthClientReplacesItsOldest() {
        DeskFixture f = new DeskFixture();
        JsonNode hello = f.hello("tab0");
        Object[] resume = {"visitor", hello.path("visitor").asText(), "key", hello.path("key").asText()};
        for (int i = 1; i < Visitor.MAX_CLIENTS; i++) {
            ok(f.hello("tab" + i, resume));
        }
        ok(f.hello("tab8", resume));
        ok(f.hello("tab9", resume));
        Visitor v = f.desk.visitors.ofClient("tab9").orElseThrow();
        assertThat(v.clients()).hasSize(Visitor.MAX_CLIENTS).doesNotContain("tab0", "tab1").contains("tab8", "tab9");
        ok(f.call("tab9", "say", "text", "from the newest page"));
        assertThat(f.channels.eventsOf("tab0", "message")).isEmpty();
        assertThat(f.channels.eventsOf("tab2", "message")).hasSize(1);
        refused(f.call("tab0", "say", "text", "from a dropped client"), HelpDeskCodes.NO_HELLO);
    }
}
