package org.orbited.webirc.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every limit of the desk, with a clock the test moves (no waiting). */
class DeskLimitsTest {
    private static void refused(JsonNode answer, String code) {
        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isFalse();
        assertThat(answer.path("code").asText()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.path("message").asText()).isNotBlank();
    }

    private static void ok(JsonNode answer) {
        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isTrue();
    }

    private static String conversationOf(DeskFixture f, String helperClient) {
        return f.call(helperClient, "helper/login", "key", DeskFixture.HELPER_KEY).path("conversations").get(0)
                .path("id").asText();
    }

    @Test
    void historyKeepsTheLastLines() {
        DeskFixture f = new DeskFixture("history.max", "3");
        JsonNode hello = f.hello("v");
        for (int i = 1; i <= 5; i++) {
            ok(f.call("v", "say", "text", "line " + i));
        }
        String c = conversationOf(f, "h");
        assertThat(f.call("h", "helper/open", "conversation", c).path("messages"))
                .extracting(m -> m.path("text").asText()).containsExactly("line 3", "line 4", "line 5");
        JsonNode again = f.hello("v2", "visitor", hello.path("visitor").asText(), "key", hello.path("key").asText());
        assertThat(again.path("messages")).hasSize(3);
    }

    @Test
    void conversationsMakeRoomByDroppingTheOldestClosedOneElseTheDeskIsFull() {
        DeskFixture f = new DeskFixture("conversations.max", "2");
        f.hello("v1");
        ok(f.call("v1", "say", "text", "one"));
        f.clock.advance(Duration.ofSeconds(1));
        f.hello("v2");
        ok(f.call("v2", "say", "text", "two"));
        f.hello("v3");
        refused(f.call("v3", "say", "text", "three"), HelpDeskCodes.FULL);
        ok(f.call("v1", "bye"));
        ok(f.call("v3", "say", "text", "three"));
        assertThat(f.desk.conversations.all()).extracting(Conversation::lastText).containsExactlyInAnyOrder("two", "three");
    }

    @Test
    void offlineMessagesAreRefusedWhenFullNeverDropped() {
        DeskFixture f = new DeskFixture("offline.max", "2");
        ok(f.call("a", "leave", "desk", "support", "text", "first"));
        ok(f.call("b", "leave", "desk", "support", "text", "second"));
        refused(f.call("c", "leave", "desk", "support", "text", "third"), HelpDeskCodes.FULL);
        assertThat(f.desk.offline.all()).extracting(OfflineMessage::text).containsExactly("first", "second");
    }

    @Test
    void aVisitorsLinesAreRateLimitedAcrossItsTabs() {
        DeskFixture f = new DeskFixture("visitor.rate", "3");
        JsonNode hello = f.hello("tab1");
        f.hello("tab2", "visitor", hello.path("visitor").asText(), "key", hello.path("key").asText());
        ok(f.call("tab1", "say", "text", "1"));
        ok(f.call("tab2", "say", "text", "2"));
        ok(f.call("tab1", "say", "text", "3"));
        refused(f.call("tab2", "say", "text", "4"), HelpDeskCodes.RATE);
        refused(f.call("tab1", "leave", "desk", "support", "text", "5"), HelpDeskCodes.RATE);
        f.clock.advance(Duration.ofSeconds(4));   // 3 per 10 s: one token back after 3.4 s
        ok(f.call("tab2", "say", "text", "6"));
        refused(f.call("tab2", "say", "text", "7"), HelpDeskCodes.RATE);
    }

    @Test
    void leavingWithoutAHelloIsRateLimitedPerClient() {
        DeskFixture f = new DeskFixture("visitor.rate", "2");
        ok(f.call("x", "leave", "desk", "support", "text", "1"));
        ok(f.call("x", "leave", "desk", "support", "text", "2"));
        refused(f.call("x", "leave", "desk", "support", "text", "3"), HelpDeskCodes.RATE);
        ok(f.call("y", "leave", "desk", "support", "text", "4"));
    }

    @Test
    void helpersLinesAreRateLimited() {
        DeskFixture f = new DeskFixture("helper.rate", "2");
        f.hello("v");
        f.call("v", "say", "text", "hi");
        String c = conversationOf(f, "h");
        ok(f.call("h", "helper/say", "conversation", c, "text", "a"));
        ok(f.call("h", "helper/say", "conversation", c, "text", "b"));
        refused(f.call("h", "helper/say", "conversation", c, "text", "c"), HelpDeskCodes.RATE);
        f.clock.advance(Duration.ofSeconds(10));
        ok(f.call("h", "helper/say", "conversation", c, "text", "d"));
    }

    @Test
    void signInAttemptsAreRateLimited() {
        DeskFixture f = new DeskFixture();
        for (int i = 0; i < HelperServices.LOGIN_RATE; i++) {
            refused(f.call("guess", "helper/login", "key", "guess-number-" + i), HelpDeskCodes.BAD_KEY);
        }
        refused(f.call("guess", "helper/login", "key", DeskFixture.HELPER_KEY), HelpDeskCodes.RATE);
    }

    @Test
    void visitorsMakeRoomByForgettingAnIdleOneElseTheDeskIsFull() {
        DeskFixture f = new DeskFixture("visitors.max", "2");
        ok(f.hello("a"));
        ok(f.hello("b"));
        refused(f.hello("c"), HelpDeskCodes.FULL);
        f.end("a");
        ok(f.hello("c"));
        f.call("b", "say", "text", "kept: b has a conversation");
        f.end("b");
        refused(f.hello("d"), HelpDeskCodes.FULL);
    }

    @Test
    void textLongerThanTextMaxIsRefused() {
        DeskFixture f = new DeskFixture("text.max", "10");
        f.hello("v");
        ok(f.call("v", "say", "text", "0123456789"));
        refused(f.call("v", "say", "text", "0123456789!"), HelpDeskCodes.TEXT_TOO_LONG);
        refused(f.call("v", "leave", "desk", "support", "text", "0123456789!"), HelpDeskCodes.TEXT_TOO_LONG);
    }

    @Test
    void anAbandonedConversationIsClosedAfterConversationIdle() {
        DeskFixture f = new DeskFixture("conversation.idle", "1h");
        f.hello("v");
        f.call("v", "say", "text", "anyone?");
        f.helper("h", "Hal");
        f.end("v");
        f.clock.advance(Duration.ofMinutes(59));
        f.desk.sweep();
        assertThat(f.desk.conversations.all()).noneMatch(Conversation::closed);
        f.clock.advance(Duration.ofMinutes(2));
        f.desk.sweep();
        assertThat(f.desk.conversations.all()).allMatch(Conversation::closed);
        assertThat(f.channels.eventsOf("h", "conversation")).last()
                .satisfies(e -> assertThat(e.path("conversation").path("closed").asBoolean()).isTrue());
    }

    @Test
    void visitorsWithoutConversationAreForgottenAfterAnHour() {
        DeskFixture f = new DeskFixture();
        f.hello("a");
        f.hello("b");
        f.call("b", "say", "text", "keep me");
        f.end("a");
        f.end("b");
        f.clock.advance(Visitors.IDLE.plusSeconds(1));
        f.desk.sweep();
        assertThat(f.desk.visitors.all()).extracting(Visitor::name)
                .containsExactly(f.desk.conversations.all().iterator().next().name());
    }
}
