package org.orbited.webirc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.webirc.it.DeskClient.map;
import static org.orbited.webirc.it.DeskClient.message;
import static org.orbited.webirc.it.DeskClient.type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/**
 * A visitor and helpers talking through the help desk of a real node ({@code [plugin:helpdesk]}, in memory), each a
 * real CometD client: both directions, typing, resuming from a new client with the visitor's id and key (as after a
 * page navigation), two tabs, two helpers, and that events reach only the clients they are for.
 */
class HelpDeskConversationTest {
    static final String KEY = "conversation-test-helper-key-0123";
    private static RunningNode node;
    private final List<DeskClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = RunningNode.start(b -> b.plugins(Map.of("helpdesk", Map.of("store", "", "helper.key", KEY,
                "greeting", "Hello! Ask us anything."))));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (DeskClient c : clients) {
            c.close();
        }
    }

    private DeskClient client() throws Exception {
        DeskClient c = new DeskClient(node.httpPort());
        clients.add(c);
        return c;
    }

    private DeskClient helper(String name) throws Exception {
        DeskClient h = client();
        assertThat(h.call("helper/login", "key", KEY, "name", name)).containsEntry("ok", true).containsEntry("name", name);
        return h;
    }

    /** The conversation id of the visitor named {@code name}, from the helper's events. */
    private static String conversationOf(DeskClient helper, String name) {
        return (String) map(helper.await(e -> "conversation".equals(e.get("type"))
                && name.equals(map(e, "conversation").get("name"))), "conversation").get("id");
    }

    @Test
    void aVisitorAndAHelperTalkBothWaysAndSeeEachOtherType() throws Exception {
        DeskClient hal = helper("Hal");
        DeskClient visitor = client();
        Map<String, Object> hello = visitor.call("hello", "desk", "support", "name", "Vera",
                "page", "https://shop.example/checkout", "lang", "de");
        assertThat(hello).containsEntry("ok", true).containsEntry("name", "Vera").containsEntry("desk", "support")
                .containsEntry("open", true);
        assertThat(DeskClient.strings(map(hello, "helpers"), "names")).contains("Hal");
        assertThat(visitor.call("say", "text", "Where is my <b>parcel</b>?"))
                .containsEntry("ok", true);
        String c = conversationOf(hal, "Vera");
        Map<String, Object> line = map(hal.await(message("Where is my <b>parcel</b>?")), "message");
        assertThat(line).containsEntry("from", "visitor").containsEntry("name", "Vera");
        assertThat((String) line.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        visitor.call("typing", "typing", true);
        assertThat(hal.await(type("typing"))).containsEntry("conversation", c).containsEntry("typing", true);
        hal.call("helper/typing", "conversation", c, "typing", true);
        assertThat(visitor.await(type("typing"))).containsEntry("name", "Hal").containsEntry("typing", true);

        assertThat(hal.call("helper/say", "conversation", c, "text", "It left today.")).containsEntry("ok", true);
        assertThat(map(visitor.await(message("It left today.")), "message")).containsEntry("from", "helper")
                .containsEntry("name", "Hal");
        Map<String, Object> opened = hal.call("helper/open", "conversation", c);
        assertThat(map(opened, "conversation")).containsEntry("helper", "Hal").containsEntry("waiting", false)
                .containsEntry("page", "https://shop.example/checkout").containsEntry("online", true);
        assertThat(DeskClient.column(opened, "messages", "text"))
                .containsExactly("Hello! Ask us anything.", "Where is my <b>parcel</b>?", "It left today.");
    }

    @Test
    void aNewClientResumesTheConversationWithTheVisitorsIdAndKey() throws Exception {
        DeskClient hal = helper("Hal");
        DeskClient firstPage = new DeskClient(node.httpPort());
        Map<String, Object> hello = firstPage.call("hello", "desk", "support");
        String guest = (String) hello.get("name");
        assertThat(guest).matches("Guest \\d{4}");
        firstPage.call("say", "text", "before navigating");
        String c = conversationOf(hal, guest);
        firstPage.close();                                   // the page goes away
        hal.await(e -> "conversation".equals(e.get("type")) && c.equals(map(e, "conversation").get("id"))
                && Boolean.FALSE.equals(map(e, "conversation").get("online")));
        hal.call("helper/say", "conversation", c, "text", "answered while you were away");

        DeskClient nextPage = client();
        Map<String, Object> again = nextPage.call("hello", "desk", "support", "visitor", hello.get("visitor"),
                "key", hello.get("key"));
        assertThat(again).containsEntry("visitor", hello.get("visitor")).containsEntry("name", guest)
                .containsEntry("key", hello.get("key"));
        assertThat(DeskClient.column(again, "messages", "text")).containsExactly("Hello! Ask us anything.",
                "before navigating", "answered while you were away");
        hal.call("helper/say", "conversation", c, "text", "welcome back");
        nextPage.await(message("welcome back"));
        nextPage.call("say", "text", "thanks");
        hal.await(message("thanks"));
        assertThat(map(hal.call("helper/open", "conversation", c), "conversation")).containsEntry("online", true);
    }

    @Test
    void twoTabsOfOneVisitorBothGetEveryLine() throws Exception {
        DeskClient hal = helper("Hal");
        DeskClient tab1 = client();
        Map<String, Object> hello = tab1.call("hello", "desk", "support", "name", "Tabitha");
        DeskClient tab2 = client();
        tab2.call("hello", "desk", "support", "visitor", hello.get("visitor"), "key", hello.get("key"));
        tab1.call("say", "text", "from tab one");
        tab2.await(message("from tab one"));
        String c = conversationOf(hal, "Tabitha");
        hal.call("helper/say", "conversation", c, "text", "to both tabs");
        tab1.await(message("to both tabs"));
        tab2.await(message("to both tabs"));
    }

    @Test
    void twoHelpersSeeTheSameConversationAndWhoTookIt() throws Exception {
        DeskClient hal = helper("Hal");
        DeskClient ida = helper("Ida");
        hal.await(e -> "helpers".equals(e.get("type")) && DeskClient.strings(e, "names").contains("Ida"));
        DeskClient visitor = client();
        visitor.call("hello", "desk", "support", "name", "Walt");
        visitor.call("say", "text", "anyone there?");
        String c = conversationOf(hal, "Walt");
        assertThat(conversationOf(ida, "Walt")).isEqualTo(c);
        ida.await(message("anyone there?"));
        assertThat(map(hal.matching(e -> "conversation".equals(e.get("type"))).get(0), "conversation"))
                .containsEntry("waiting", true).containsEntry("helper", null);

        ida.call("helper/say", "conversation", c, "text", "Ida here");
        hal.await(message("Ida here"));
        hal.await(e -> "conversation".equals(e.get("type")) && "Ida".equals(map(e, "conversation").get("helper")));
        hal.call("helper/close", "conversation", c);
        visitor.await(type("closed"));
        ida.await(e -> "conversation".equals(e.get("type")) && Boolean.TRUE.equals(map(e, "conversation").get("closed")));
    }

    @Test
    void eventsReachOnlyTheirTarget() throws Exception {
        DeskClient hal = helper("Hal");
        DeskClient first = client();
        DeskClient second = client();
        first.call("hello", "desk", "support", "name", "First");
        second.call("hello", "desk", "support", "name", "Second");
        first.call("say", "text", "first's secret");
        String c = conversationOf(hal, "First");
        hal.call("helper/say", "conversation", c, "text", "for first only");
        hal.call("helper/typing", "conversation", c, "typing", true);
        first.await(message("for first only"));
        first.await(type("typing"));
        second.call("say", "text", "second's line");
        hal.await(message("second's line"));             // everything before it has been delivered
        second.await(message("second's line"));
        assertThat(second.events).noneMatch(e -> "typing".equals(e.get("type")));
        assertThat(second.matching(type("message"))).extracting(e -> map(e, "message").get("text"))
                .containsExactly("Hello! Ask us anything.", "second's line");
        assertThat(second.events).noneMatch(e -> "conversation".equals(e.get("type")));
    }

    @Test
    void aVisitorCannotCallHelperServicesNorSignInWithoutTheKey() throws Exception {
        DeskClient hal = helper("Hal");
        DeskClient visitor = client();
        visitor.call("hello", "desk", "support", "name", "Mallory");
        visitor.call("say", "text", "let me in");
        String c = conversationOf(hal, "Mallory");
        for (String service : List.of("open", "say", "typing", "close")) {
            assertThat(visitor.call("helper/" + service, "conversation", c, "text", "x", "typing", true))
                    .containsEntry("ok", false).containsEntry("code", "helpdesk_not_helper");
        }
        assertThat(visitor.call("helper/login")).containsEntry("code", "helpdesk_not_helper");
        assertThat(visitor.call("helper/login", "key", "guessed-guessed-guessed")).containsEntry("code", "helpdesk_bad_key");
        assertThat(map(hal.call("helper/open", "conversation", c), "conversation")).containsEntry("closed", false)
                .containsEntry("helper", null);
    }
}
