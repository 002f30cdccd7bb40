package org.orbited.webirc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.webirc.it.DeskClient.message;
import static org.orbited.webirc.it.DeskClient.type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.testing.RunningNode;

/**
 * Over the wire, with real CometD clients (all from 127.0.0.1, so one address): new visitors are limited per
 * address, a full desk removes a conversation nobody answered whose visitor left (helpers are told), a line re-sent
 * with its {@code cid} is said once, and the node keeps serving.
 */
class HelpDeskAbuseTest {
    static final String KEY = "abuse-test-helper-key-0123456789";
    private final List<DeskClient> clients = new ArrayList<>();

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

    @Test
    void oneAddressIsLimitedAndAFullDeskMakesRoom() throws Exception {
        try (RunningNode node = RunningNode.start(b -> b.plugins(Map.of("helpdesk", Map.of("store", "",
                "helper.key", KEY, "address.rate", "3", "conversations.max", "2"))))) {
            DeskClient helper = client(node);
            assertThat(helper.call("helper/login", "key", KEY, "name", "Hal")).containsEntry("ok", true);
            DeskClient a = new DeskClient(node.httpPort());
            a.call("hello", "desk", "support");
            assertThat(a.call("say", "text", "anyone there?")).containsEntry("ok", true);
            String gone = (String) helper.await(message("anyone there?")).get("conversation");
            a.close();                                       // the visitor leaves, unanswered
            DeskClient b = client(node);
            b.call("hello", "desk", "support");
            Map<String, Object> first = b.call("say", "text", "b here", "cid", "retry-1");
            Map<String, Object> again = b.call("say", "text", "b here", "cid", "retry-1");
            assertThat(again).containsEntry("ok", true).containsEntry("duplicate", true);
            assertThat(DeskClient.map(again, "message").get("id")).isEqualTo(DeskClient.map(first, "message").get("id"));
            DeskClient c = client(node);
            Map<String, Object> hello = c.call("hello", "desk", "support");
            assertThat(c.call("say", "text", "c here")).containsEntry("ok", true);
            assertThat(helper.await(type("conversation-removed"))).containsEntry("conversation", gone);
            Map<String, Object> refused = client(node).call("hello", "desk", "support");   // a 4th new visitor
            assertThat(refused).containsEntry("ok", false).containsEntry("code", "helpdesk_rate");
            DeskClient cAgain = client(node);                 // a known visitor is no new one
            assertThat(cAgain.call("hello", "desk", "support", "visitor", hello.get("visitor"), "key",
                    hello.get("key"))).containsEntry("ok", true);
            String conversation = (String) helper.await(message("c here")).get("conversation");
            assertThat(helper.call("helper/say", "conversation", conversation, "text", "hello c"))
                    .containsEntry("ok", true);
            cAgain.await(message("hello c"));
            assertThat(helper.matching(message("b here"))).hasSize(1);
        }
    }
}
