package org.orbited.webirc.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orbited.plugin.Identity;

/** The services' answers and which clients their events reach, on fake channels. */
class DeskServicesTest {
    private static String code(JsonNode answer) {
        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isFalse();
        return answer.path("code").asText();
    }

    private static List<String> texts(List<JsonNode> events) {
        return events.stream().map(e -> e.path("message").path("text").asText()).toList();
    }

    @Test
    void aVisitorsLineReachesItsTabsAndTheHelpersButNoOtherVisitor() {
        DeskFixture f = new DeskFixture();
        JsonNode ann = f.hello("ann1", "name", "Ann");
        f.hello("ann2", "visitor", ann.path("visitor").asText(), "key", ann.path("key").asText());
        f.hello("bob");
        f.helper("hal", "Hal");
        JsonNode said = f.call("ann2", "say", "text", "hello");
        assertThat(said.path("message").path("from").asText()).isEqualTo("visitor");
        assertThat(said.path("message").path("name").asText()).isEqualTo("Ann");
        assertThat(texts(f.channels.eventsOf("ann1", "message"))).containsExactly("hello");
        assertThat(texts(f.channels.eventsOf("ann2", "message"))).containsExactly("hello");
        assertThat(texts(f.channels.eventsOf("hal", "message"))).containsExactly("hello");
        assertThat(f.channels.eventsOf("hal", "message").get(0).path("conversation").asText()).startsWith("c");
        assertThat(f.channels.eventsOf("bob", "message")).isEmpty();
        assertThat(f.channels.delivered).allMatch(d -> d.channel().equals("/service/helpdesk/events"));
    }

    @Test
    void theFirstHelperToAnswerTakesTheConversationAndEveryHelperSeesIt() {
        DeskFixture f = new DeskFixture();
        f.hello("v");
        f.call("v", "say", "text", "help");
        String c = f.helper("hal", "Hal").path("conversations").get(0).path("id").asText();
        f.helper("ida", "Ida");
        f.call("ida", "helper/say", "conversation", c, "text", "I have it");
        f.call("hal", "helper/say", "conversation", c, "text", "me too");
        JsonNode summary = f.call("hal", "helper/open", "conversation", c).path("conversation");
        assertThat(summary.path("helper").asText()).isEqualTo("Ida");
        assertThat(summary.path("waiting").asBoolean()).isFalse();
        assertThat(texts(f.channels.eventsOf("v", "message"))).containsExactly("help", "I have it", "me too");
        assertThat(f.channels.eventsOf("hal", "conversation")).last()
                .satisfies(e -> assertThat(e.path("conversation").path("helper").asText()).isEqualTo("Ida"));
    }

    @Test
    void typingGoesBothWaysAndNotWhenSwitchedOff() {
        DeskFixture f = new DeskFixture();
        f.hello("v", "name", "Vi");
        f.call("v", "say", "text", "hi");
        String c = f.helper("h", "Hal").path("conversations").get(0).path("id").asText();
        f.call("v", "typing", "typing", true);
        f.call("h", "helper/typing", "conversation", c, "typing", true);
        assertThat(f.channels.eventsOf("h", "typing")).singleElement().satisfies(e -> {
            assertThat(e.path("conversation").asText()).isEqualTo(c);
            assertThat(e.path("typing").asBoolean()).isTrue();
        });
        assertThat(f.channels.eventsOf("v", "typing")).singleElement()
                .satisfies(e -> assertThat(e.path("name").asText()).isEqualTo("Hal"));

        DeskFixture quiet = new DeskFixture("typing", "0");
        quiet.hello("v");
        quiet.call("v", "say", "text", "hi");
        quiet.helper("h", "Hal");
        assertThat(quiet.call("v", "typing", "typing", true).path("ok").asBoolean()).isTrue();
        assertThat(quiet.channels.eventsOf("h", "typing")).isEmpty();
    }

    @Test
    void helpersOnlineAreCountedByNameAndPushedToVisitors() {
        DeskFixture f = new DeskFixture();
        f.hello("v");
        f.helper("h1", "Hal");
        f.helper("h2", "Hal");
        f.helper("h3", "Ida");
        assertThat(f.channels.eventsOf("v", "helpers")).extracting(e -> e.path("online").asInt()).containsExactly(1, 2);
        assertThat(f.hello("v2").path("helpers").path("names")).extracting(JsonNode::asText).containsExactly("Hal", "Ida");
        f.end("h3");
        f.end("h1");
        assertThat(f.channels.eventsOf("v", "helpers")).last().satisfies(e -> {
            assertThat(e.path("online").asInt()).isEqualTo(1);
            assertThat(e.path("names").get(0).asText()).isEqualTo("Hal");
        });
    }

    @Test
    void byeClosesForEveryTabAndSpeakingOpensAgain() {
        DeskFixture f = new DeskFixture();
        JsonNode v = f.hello("t1");
        f.hello("t2", "visitor", v.path("visitor").asText(), "key", v.path("key").asText());
        f.call("t1", "say", "text", "thanks");
        f.call("t1", "bye");
        assertThat(f.channels.eventsOf("t2", "closed")).hasSize(1);
        assertThat(f.hello("t3", "visitor", v.path("visitor").asText(), "key", v.path("key").asText())
                .path("open").asBoolean()).isFalse();
        f.call("t2", "say", "text", "one more thing");
        assertThat(f.desk.conversations.all()).singleElement().satisfies(c -> assertThat(c.closed()).isFalse());
    }

    @Test
    void helpersSignInByIdentityOrKey() {
        DeskFixture f = new DeskFixture("helper.roles", "helper admin");
        f.channels.connect("ann", Identity.of("ann@example.org", Map.of("role", "staff admin", "name", "Ann A.")));
        f.channels.connect("bob", Identity.of("bob", Map.of("role", "customer")));
        f.channels.connect("cy", Identity.of("cy", Map.of("role", "helper")));
        assertThat(f.call("ann", "helper/login").path("name").asText()).isEqualTo("Ann A.");
        assertThat(f.call("cy", "helper/login", "name", "Someone Else").path("name").asText()).isEqualTo("cy");
        assertThat(code(f.call("bob", "helper/login"))).isEqualTo(HelpDeskCodes.NOT_HELPER);
        assertThat(code(f.call("bob", "helper/login", "key", "wrong-key-wrong-key"))).isEqualTo(HelpDeskCodes.BAD_KEY);
        assertThat(f.call("bob", "helper/login", "key", DeskFixture.HELPER_KEY).path("name").asText()).isEqualTo("Helper");

        DeskFixture off = new DeskFixture("helper.key", "off");
        assertThat(code(off.call("x", "helper/login", "key", DeskFixture.HELPER_KEY))).isEqualTo(HelpDeskCodes.BAD_KEY);
    }

    @Test
    void everyCodeForBadInput() {
        DeskFixture f = new DeskFixture();
        assertThat(code(f.call("v", "say", "text", "hi"))).isEqualTo(HelpDeskCodes.NO_HELLO);
        assertThat(code(f.call("v", "typing", "typing", true))).isEqualTo(HelpDeskCodes.NO_HELLO);
        assertThat(code(f.call("v", "name", "name", "Vi"))).isEqualTo(HelpDeskCodes.NO_HELLO);
        assertThat(code(f.call("v", "bye"))).isEqualTo(HelpDeskCodes.NO_HELLO);
        assertThat(code(f.call("v", "hello", "desk", "nope"))).isEqualTo(HelpDeskCodes.UNKNOWN_DESK);
        assertThat(code(f.call("v", "hello"))).isEqualTo(HelpDeskCodes.BAD_DATA);
        assertThat(code(f.call("v", "hello", "desk", 7))).isEqualTo(HelpDeskCodes.BAD_DATA);
        assertThat(code(f.call("v", "hello", "desk", "support", "name", "a\u0000b"))).isEqualTo(HelpDeskCodes.BAD_NAME);
        f.hello("v");
        assertThat(code(f.call("v", "say"))).isEqualTo(HelpDeskCodes.BAD_DATA);
        assertThat(code(f.call("v", "say", "text", List.of("hi")))).isEqualTo(HelpDeskCodes.BAD_DATA);
        assertThat(code(f.call("v", "say", "text", "  "))).isEqualTo(HelpDeskCodes.TEXT_EMPTY);
        assertThat(code(f.call("v", "say", "text", "x".repeat(2001)))).isEqualTo(HelpDeskCodes.TEXT_TOO_LONG);
        assertThat(code(f.call("v", "say", "text", "a\u202Eb"))).isEqualTo(HelpDeskCodes.TEXT_CONTROL);
        assertThat(code(f.call("v", "typing", "typing", "yes"))).isEqualTo(HelpDeskCodes.BAD_DATA);
        assertThat(code(f.call("v", "name", "name", ""))).isEqualTo(HelpDeskCodes.BAD_NAME);
        assertThat(code(f.call("v", "leave", "desk", "support", "text", "x", "email", "no"))).isEqualTo(HelpDeskCodes.BAD_EMAIL);
        assertThat(code(f.call("v", "leave", "desk", "elsewhere", "text", "x"))).isEqualTo(HelpDeskCodes.UNKNOWN_DESK);
        for (String helperService : List.of("open", "say", "typing", "close", "done")) {
            assertThat(code(f.call("v", "helper/" + helperService, "conversation", "c1", "offline", "o1",
                    "text", "x", "typing", true))).isEqualTo(HelpDeskCodes.NOT_HELPER);
        }
        f.helper("h", "Hal");
        assertThat(code(f.call("h", "helper/open", "conversation", "cNoSuchOne"))).isEqualTo(HelpDeskCodes.UNKNOWN_CONVERSATION);
        assertThat(code(f.call("h", "helper/say", "conversation", "cNoSuchOne", "text", "x")))
                .isEqualTo(HelpDeskCodes.UNKNOWN_CONVERSATION);
        assertThat(code(f.call("h", "helper/done", "offline", "../x"))).isEqualTo(HelpDeskCodes.BAD_DATA);
        assertThat(f.call("h", "helper/done", "offline", "oAlreadyDone").path("ok").asBoolean()).isTrue();
        assertThat(code(f.call("v", "nonsense"))).isEqualTo(HelpDeskCodes.BAD_DATA);
        assertThat(code(f.service.handle("v", "/service/helpdesk/say", JsonNodeFactory.instance.arrayNode())))
                .isEqualTo(HelpDeskCodes.BAD_DATA);
        assertThat(f.service.handle("v", "/service/helpdesk/events", JsonNodeFactory.instance.objectNode())).isNull();
        assertThat(f.call("v", "say", "text", "still here").path("ok").asBoolean()).isTrue();
    }

    @Test
    void offlineMessagesReachHelpersAndLeaveEveryListWhenDone() {
        DeskFixture f = new DeskFixture();
        f.helper("h1", "Hal");
        f.helper("h2", "Ida");
        JsonNode left = f.call("x", "leave", "desk", "support", "text", "call me", "email", "x@example.org");
        String id = left.path("id").asText();
        assertThat(f.channels.eventsOf("h2", "offline")).singleElement().satisfies(e -> {
            assertThat(e.path("offline").path("id").asText()).isEqualTo(id);
            assertThat(e.path("offline").path("name").asText()).startsWith("Guest ");
            assertThat(e.path("offline").path("email").asText()).isEqualTo("x@example.org");
        });
        assertThat(f.call("h1", "helper/done", "offline", id).path("ok").asBoolean()).isTrue();
        assertThat(f.channels.eventsOf("h2", "offline-done")).singleElement()
                .satisfies(e -> assertThat(e.path("id").asText()).isEqualTo(id));
        assertThat(f.helper("h3", "Joe").path("offline")).isEmpty();
    }
}
