package org.orbited.webirc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.orbited.webirc.it.DeskClient.map;
import static org.orbited.webirc.it.DeskClient.message;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orbited.node.auth.TestTokens;
import org.orbited.node.testing.RunningNode;

/**
 * Helpers signing in by identity: on a node with {@code [auth]} HS256 tokens (anonymous visitors allowed, claims
 * {@code role} and {@code name} as attributes) and key sign-in off, a client whose token says {@code role: helper}
 * signs in under the token's name; a signed-in customer and an anonymous visitor cannot, with or without a key.
 */
class HelpDeskIdentityTest {
    private static String token(TestTokens tokens, String subject, String role, String name) {
        return tokens.token(TestTokens.claimsAt(System.currentTimeMillis(), subject).claim("role", role)
                .claim("name", name).build());
    }

    @Test
    void aTokenWithTheHelperRoleSignsInUnderItsName() throws Exception {
        TestTokens tokens = TestTokens.hs256();
        try (RunningNode node = RunningNode.start(b -> b
                .plugins(Map.of("helpdesk", Map.of("store", "", "helper.key", "off", "helper.roles", "helper admin")))
                .auth(a -> a.withAlgorithm("HS256").withKey(tokens.verificationKey).withClockSkewSeconds(5)
                        .withAllowAnonymous(true).withAttributes(List.of("role", "name"))));
             DeskClient pat = new DeskClient(node.httpPort(), token(tokens, "pat", "support-staff admin", "Pat Smith"));
             DeskClient customer = new DeskClient(node.httpPort(), token(tokens, "carl", "customer", "Carl"));
             DeskClient visitor = new DeskClient(node.httpPort())) {
            Map<String, Object> login = pat.call("helper/login", "name", "Somebody Else");
            assertThat(login).containsEntry("ok", true).containsEntry("name", "Pat Smith");
            assertThat(DeskClient.strings(login, "desks")).containsExactly("support");

            assertThat(customer.call("helper/login")).containsEntry("code", "helpdesk_not_helper");
            assertThat(customer.call("helper/login", "key", "off-off-off-off-off")).containsEntry("code", "helpdesk_bad_key");
            assertThat(visitor.call("helper/login")).containsEntry("code", "helpdesk_not_helper");

            Map<String, Object> hello = visitor.call("hello", "desk", "support");
            assertThat(DeskClient.strings(map(hello, "helpers"), "names")).containsExactly("Pat Smith");
            visitor.call("say", "text", "hi Pat");
            String c = (String) pat.await(message("hi Pat")).get("conversation");
            pat.call("helper/say", "conversation", c, "text", "hello from Pat");
            assertThat(map(visitor.await(message("hello from Pat")), "message")).containsEntry("name", "Pat Smith")
                    .containsEntry("from", "helper");

            customer.call("hello", "desk", "support");        // a signed-in customer is an ordinary visitor
            assertThat(customer.call("say", "text", "me too")).containsEntry("ok", true);
            pat.await(message("me too"));
            assertThat(customer.matching(message("hi Pat"))).isEmpty();
        }
    }
}
