package org.orbited.webirc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.webirc.it.DeskClient.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/**
 * Every error code of the help desk, each provoked over the wire by a real CometD client with bad input, answered
 * {@code {"ok":false,"code":...,"message":...}}; afterwards the node still serves another visitor and a helper.
 */
class HelpDeskErrorsTest {
    static final String KEY = "errors-test-helper-key-0123456789";
    private static RunningNode node;
    private final List<DeskClient> clients = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = RunningNode.start(b -> b.plugins(Map.of("helpdesk", Map.of("store", "", "helper.key", KEY,
                "desks", "support sales", "visitor.rate", "3", "text.max", "100"))));
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

    private DeskClient client(RunningNode on) throws Exception {
        DeskClient c = new DeskClient(on.httpPort());
        clients.add(c);
        return c;
    }

    private static void refused(Map<String, Object> answer, String code) {
        assertThat(answer).containsEntry("ok", false).containsEntry("code", code);
        assertThat((String) answer.get("message")).isNotBlank();
    }

    /** Another visitor and a helper still talk on {@code on}, both ways. */
    private void stillServing(RunningNode on) throws Exception {
        DeskClient helper = client(on);
        assertThat(helper.call("helper/login", "key", KEY, "name", "Checker")).containsEntry("ok", true);
        DeskClient visitor = client(on);
        assertThat(visitor.call("hello", "desk", "support", "name", "Fine")).containsEntry("ok", true);
        assertThat(visitor.call("say", "text", "all good?")).containsEntry("ok", true);
        String c = (String) helper.await(message("all good?")).get("conversation");
        assertThat(helper.call("helper/say", "conversation", c, "text", "all good")).containsEntry("ok", true);
        visitor.await(message("all good"));
    }

    @Test
    void badInputGetsItsCodeAndNothingElseBreaks() throws Exception {
        DeskClient v = client(node);
        refused(v.call("say", "text", "hello"), "helpdesk_no_hello");
        refused(v.call("typing", "typing", true), "helpdesk_no_hello");
        refused(v.call("name", "name", "Zed"), "helpdesk_no_hello");
        refused(v.call("bye"), "helpdesk_no_hello");
        refused(v.call("hello"), "helpdesk_bad_data");
        refused(v.call("hello", "desk", 42), "helpdesk_bad_data");
        refused(v.callWith("hello", "support"), "helpdesk_bad_data");
        refused(v.call("nonsense", "desk", "support"), "helpdesk_bad_data");
        refused(v.call("hello", "desk", "billing"), "helpdesk_unknown_desk");
        refused(v.call("hello", "desk", "../support"), "helpdesk_unknown_desk");
        refused(v.call("hello", "desk", "support", "name", "x".repeat(41)), "helpdesk_bad_name");
        refused(v.call("hello", "desk", "support", "page", "javascript:alert(1) x"), "helpdesk_bad_data");
        assertThat(v.call("hello", "desk", "sales")).containsEntry("ok", true).containsEntry("desk", "sales");
        refused(v.call("say"), "helpdesk_bad_data");
        refused(v.call("say", "text", 7), "helpdesk_bad_data");
        refused(v.call("say", "text", " \n "), "helpdesk_text_empty");
        refused(v.call("say", "text", "x".repeat(101)), "helpdesk_text_too_long");
        refused(v.call("say", "text", "hi\u0000"), "helpdesk_text_control");
        refused(v.call("say", "text", "abc\u202Edef"), "helpdesk_text_control");
        refused(v.call("say", "text", "\u200Bhidden"), "helpdesk_text_control");
        refused(v.call("typing", "typing", "yes"), "helpdesk_bad_data");
        refused(v.call("name", "name", "two\nlines"), "helpdesk_bad_name");
        refused(v.call("leave", "desk", "support", "text", "call me", "email", "not-an-address"), "helpdesk_bad_email");
        refused(v.call("leave", "desk", "nowhere", "text", "call me"), "helpdesk_unknown_desk");
        refused(v.call("helper/open", "conversation", "c123"), "helpdesk_not_helper");
        refused(v.call("helper/done", "offline", "o123"), "helpdesk_not_helper");
        refused(v.call("helper/login", "key", "not-the-key-not-the-key"), "helpdesk_bad_key");
        refused(v.call("helper/login"), "helpdesk_not_helper");

        DeskClient h = client(node);
        assertThat(h.call("helper/login", "key", KEY, "name", "Hal")).containsEntry("ok", true);
        refused(h.call("helper/open", "conversation", "cDoesNotExist"), "helpdesk_unknown_conversation");
        refused(h.call("helper/say", "conversation", "cDoesNotExist", "text", "hi"), "helpdesk_unknown_conversation");
        refused(h.call("helper/close", "conversation", "cDoesNotExist"), "helpdesk_unknown_conversation");
        refused(h.call("helper/open"), "helpdesk_bad_data");
        refused(h.call("helper/login", "name", "bad\u0007name", "key", KEY), "helpdesk_bad_name");
        refused(h.call("helper/done", "offline", "no such/id"), "helpdesk_bad_data");
        assertThat(v.call("say", "text", "the sales desk still listens")).containsEntry("ok", true);
        stillServing(node);
    }

    @Test
    void floodingGetsRateAndTheVisitorMaySpeakAgainLater() throws Exception {
        DeskClient v = client(node);
        v.call("hello", "desk", "support", "name", "Flood");
        for (int i = 0; i < 3; i++) {
            assertThat(v.call("say", "text", "line " + i)).containsEntry("ok", true);
        }
        refused(v.call("say", "text", "one too many"), "helpdesk_rate");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                Boolean.TRUE.equals(v.call("say", "text", "later").get("ok")));   // a token is back after 3.4 s
        stillServing(node);
    }

    @Test
    void aNinthTabReplacesTheOldest() throws Exception {
        DeskClient first = client(node);
        Map<String, Object> hello = first.call("hello", "desk", "support");
        for (int i = 1; i < 8; i++) {
            assertThat(client(node).call("hello", "desk", "support", "visitor", hello.get("visitor"),
                    "key", hello.get("key"))).containsEntry("ok", true);
        }
        DeskClient ninth = client(node);
        assertThat(ninth.call("hello", "desk", "support", "visitor", hello.get("visitor"), "key", hello.get("key")))
                .containsEntry("ok", true);
        refused(first.call("say", "text", "from the dropped tab"), "helpdesk_no_hello");
        assertThat(ninth.call("say", "text", "from the new tab")).containsEntry("ok", true);
        stillServing(node);
    }

    @Test
    void aFullDeskSaysSo() throws Exception {
        try (RunningNode small = RunningNode.start(b -> b.plugins(Map.of("helpdesk", Map.of("store", "",
                "helper.key", KEY, "conversations.max", "1", "offline.max", "1"))))) {
            DeskClient a = client(small);
            a.call("hello", "desk", "support");
            assertThat(a.call("say", "text", "the only conversation")).containsEntry("ok", true);
            DeskClient b = client(small);
            b.call("hello", "desk", "support");
            refused(b.call("say", "text", "no room"), "helpdesk_full");
            assertThat(b.call("leave", "desk", "support", "text", "a message instead")).containsEntry("ok", true);
            refused(b.call("leave", "desk", "support", "text", "and another"), "helpdesk_full");
            assertThat(a.call("bye")).containsEntry("ok", true);   // closed: its room can be taken
            stillServing(small);
        }
    }
}
