package org.orbited.webirc.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One anonymous source must not lock the desk for everyone: per-address rates and caps, making room by removing
 * conversations nobody answered, the text budget, and a bounded helper login. A clock the test moves (no waiting).
 */
class DeskAbuseTest {
    private static void refused(JsonNode answer, String code) {
        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isFalse();
        assertThat(answer.path("code").asText()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.path("message").asText()).isNotBlank();
    }

    private static void ok(JsonNode answer) {
        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isTrue();
    }

    private static String conversationOf(DeskFixture f, String client) {
        String visitor = f.desk.visitors.ofClient(client).orElseThrow().id();
        return f.desk.conversations.of(visitor, "support").orElseThrow().id();
    }

    @Test
    void aScriptOnOneAddressCannotFillTheDeskForOthers() {
        DeskFixture f = new DeskFixture("conversations.max", "10", "address.rate", "1000");
        f.helper("h", "Hal");
        for (int i = 0; i < 40; i++) {   // cheap clients that stay connected, one conversation each
            ok(f.helloFrom("203.0.113.7", "bot" + i));
            ok(f.call("bot" + i, "say", "text", "spam " + i));
        }
        assertThat(f.desk.conversations.all().stream().filter(c -> !c.closed()).count()).isEqualTo(3);
        ok(f.helloFrom("198.51.100.2", "real"));
        ok(f.call("real", "say", "text", "I need help"));
        assertThat(f.desk.conversations.size()).isLessThanOrEqualTo(10);
        assertThat(f.desk.conversations.all()).extracting(Conversation::lastText).contains("I need help");
        assertThat(f.channels.eventsOf("h", "conversation-removed")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path("conversation").asText()).startsWith("c"));
    }

    @Test
    void newVisitorsAreRateLimitedPerAddressNotPerClient() {
        DeskFixture f = new DeskFixture("address.rate", "5");
        JsonNode first = f.helloFrom("203.0.113.7", "a0");
        for (int i = 1; i < 5; i++) {
            ok(f.helloFrom("203.0.113.7", "a" + i));
        }
        refused(f.helloFrom("203.0.113.7", "a5"), HelpDeskCodes.RATE);
        ok(f.helloFrom("198.51.100.2", "b0"));                              // another address
        ok(f.helloFrom("203.0.113.7", "a6", "visitor", first.path("visitor").asText(),
                "key", first.path("key").asText()));                         // a known visitor comes back
        f.clock.advance(Duration.ofSeconds(13));                             // 5 a minute: one back after 12 s
        ok(f.helloFrom("203.0.113.7", "a7"));
        refused(f.helloFrom("203.0.113.7", "a8"), HelpDeskCodes.RATE);
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        DeskFixture f = new DeskFixture("address.rate", "1");
        f.channels.connectFrom("x", "[2001:db8:1:2::1]:5000");
        ok(f.hello("x"));
        f.channels.connectFrom("y", "[2001:db8:1:2:ffff::9]:5001");
        refused(f.hello("y"), HelpDeskCodes.RATE);
        f.channels.connectFrom("z", "[2001:db8:1:3::1]:5002");
        ok(f.hello("z"));
    }

    @Test
    void newConversationsAreRateLimitedPerAddress() {
        DeskFixture f = new DeskFixture("desks", "a b c d", "address.rate", "3");
        f.channels.connectFrom("v", "203.0.113.7:1");
        JsonNode hello = f.call("v", "hello", "desk", "a");
        Object[] resume = {"visitor", hello.path("visitor").asText(), "key", hello.path("key").asText()};
        for (String d : List.of("a", "b", "c")) {
            ok(f.call("v", "hello", "desk", d, resume[0], resume[1], resume[2], resume[3]));
            ok(f.call("v", "say", "text", "at " + d));
        }
        ok(f.call("v", "hello", "desk", "d", resume[0], resume[1], resume[2], resume[3]));
        f.clock.advance(Duration.ofSeconds(10));   // the visitor's own line rate is not what refuses
        refused(f.call("v", "say", "text", "at d"), HelpDeskCodes.RATE);
    }

    @Test
    void leavingIsRateLimitedPerAddressAsWellAsPerClient() {
        DeskFixture f = new DeskFixture("address.rate", "3");
        for (int i = 0; i < 3; i++) {
            f.channels.connectFrom("x" + i, "203.0.113.7:" + (1000 + i));
            ok(f.call("x" + i, "leave", "desk", "support", "text", "note " + i));
        }
        f.channels.connectFrom("x3", "203.0.113.7:1003");
        refused(f.call("x3", "leave", "desk", "support", "text", "one too many"), HelpDeskCodes.RATE);
        f.channels.connectFrom("y", "198.51.100.2:1");
        ok(f.call("y", "leave", "desk", "support", "text", "from elsewhere"));
        assertThat(f.desk.offline.size()).isEqualTo(4);
    }

    @Test
    void anAddressKeepsAtMostThreeOpenConversationsClosingItsOldestUnanswered() {
        DeskFixture f = new DeskFixture();
        f.helper("h", "Hal");
        for (int i = 1; i <= 3; i++) {
            f.helloFrom("203.0.113.7", "v" + i);
            ok(f.call("v" + i, "say", "text", "q" + i));
            f.clock.advance(Duration.ofSeconds(1));
        }
        ok(f.call("h", "helper/say", "conversation", conversationOf(f, "v1"), "text", "answered"));
        f.helloFrom("203.0.113.7", "v4");
        ok(f.call("v4", "say", "text", "q4"));
        assertThat(f.desk.conversations.get(conversationOf(f, "v1")).orElseThrow().closed()).isFalse();
        assertThat(f.desk.conversations.get(conversationOf(f, "v2")).orElseThrow().closed()).isTrue();
        assertThat(f.channels.eventsOf("v2", "closed")).hasSize(1);
        assertThat(f.channels.eventsOf("v3", "closed")).isEmpty();
        f.helloFrom("198.51.100.2", "w");
        ok(f.call("w", "say", "text", "not counted with the others"));
        assertThat(f.desk.conversations.all().stream().filter(c -> !c.closed()).count()).isEqualTo(4);
    }

    @Test
    void aFullDeskRemovesTheOldestUnansweredConversationOfAnOfflineVisitorThenAClosedOne() {
        DeskFixture f = new DeskFixture("conversations.max", "2", "address.conversations", "0");
        f.helper("h", "Hal");
        f.hello("v1");
        ok(f.call("v1", "say", "text", "one"));
        String gone = conversationOf(f, "v1");
        f.end("v1");
        f.clock.advance(Duration.ofSeconds(1));
        f.hello("v2");
        ok(f.call("v2", "say", "text", "two"));
        f.hello("v3");
        ok(f.call("v3", "say", "text", "three"));
        assertThat(f.channels.eventsOf("h", "conversation-removed")).extracting(e -> e.path("conversation").asText())
                .containsExactly(gone);
        refused(f.call("h", "helper/open", "conversation", gone), HelpDeskCodes.UNKNOWN_CONVERSATION);
        f.hello("v4");
        refused(f.call("v4", "say", "text", "four"), HelpDeskCodes.FULL);   // both online, none closed
        ok(f.call("v2", "bye"));
        ok(f.call("v4", "say", "text", "four"));
        assertThat(f.desk.conversations.all()).extracting(Conversation::lastText)
                .containsExactlyInAnyOrder("three", "four");
    }

    @Test
    void theTextBudgetRemovesConversationsNobodyAnsweredAndRefusesOnlyWhenNothingCanGo() {
        DeskFixture f = new DeskFixture("store.max_bytes", "65536", "visitor.rate", "1000", "history.max", "1000",
                "address.conversations", "0");
        String line = "x".repeat(2000);
        f.hello("old");
        for (int i = 0; i < 20; i++) {
            ok(f.call("old", "say", "text", line));
        }
        f.end("old");
        f.hello("new");
        int said = 0;
        JsonNode last = null;
        for (; said < 100; said++) {
            last = f.call("new", "say", "text", line);
            if (!last.path("ok").asBoolean()) {
                break;
            }
        }
        refused(last, HelpDeskCodes.FULL);
        assertThat(said).isBetween(25, 32);   // the whole budget went to the one conversation left
        assertThat(f.desk.conversations.size()).isEqualTo(1);
        assertThat(f.desk.room.used()).isLessThanOrEqualTo(65536);
        refused(f.call("x", "leave", "desk", "support", "text", line), HelpDeskCodes.FULL);
        ok(f.call("new", "bye"));
        f.end("new");
        ok(f.call("y", "leave", "desk", "support", "text", line));   // the closed conversation made room
        assertThat(f.desk.conversations.size()).isZero();
    }

    @Test
    void theHelperLoginListsAtMost200ConversationsAnd200OfflineMessages() {
        DeskFixture f = new DeskFixture("address.rate", "0", "address.conversations", "0");
        for (int i = 0; i < 230; i++) {
            f.hello("v" + i);
            ok(f.call("v" + i, "say", "text", "c" + i));
            ok(f.call("v" + i, "leave", "desk", "support", "text", "o" + i));
            f.clock.advance(Duration.ofMillis(10));
        }
        JsonNode login = f.helper("h", "Hal");
        assertThat(login.path("conversations")).hasSize(200);
        assertThat(login.path("conversations").get(0).path("lastText").asText()).isEqualTo("c229");
        assertThat(login.path("offline")).hasSize(200);
        assertThat(login.path("offline").get(199).path("text").asText()).isEqualTo("o229");
        assertThat(login.path("more").path("conversations").asInt()).isEqualTo(30);
        assertThat(login.path("more").path("offline").asInt()).isEqualTo(30);
    }

    @Test
    void perAddressBucketsAreForgottenOnceFullAgain() {
        DeskFixture f = new DeskFixture("address.rate", "2");
        f.helloFrom("203.0.113.7", "a");
        f.helloFrom("203.0.113.8", "b");
        f.end("a");
        f.end("b");
        assertThat(f.desk.buckets.size()).isPositive();
        f.clock.advance(Duration.ofMinutes(2));
        f.desk.sweep();
        assertThat(f.desk.buckets.size()).isZero();
    }
}
