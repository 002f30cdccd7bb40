package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Visitor logins with an account (the sibling of IrcLoginEndToEndTest) against a real prosody: the right
 * credentials log in and speak as the account's session; wrong ones answer {@code xmpp_auth_failed} with a fixed
 * message that repeats nothing of them; {@code personal.auth} decides which kinds are allowed; an {@code anon.domain}
 * that offers no SASL ANONYMOUS answers {@code xmpp_anonymous_unavailable}.
 */
class XmppAccountLoginTest {
    static final String LOGIN = XmppPersonalEndToEndTest.SERVICE + "login";

    @TempDir
    static Path dir;
    static ProsodyServer prosody;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        prosody.register("erin", "erin-secret");
    }

    @AfterAll
    static void stop() {
        if (prosody != null) {
            prosody.close();
        }
    }

    static RunningNode node(String... options) {
        return RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(prosody.port(), options))));
    }

    static BayeuxBrowser browser(RunningNode node) throws Exception {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
        b.listenPersonal(XmppPersonalEndToEndTest.EVENTS);
        return b;
    }

    @Test
    void theRightCredentialsLogInAndWrongOnesGetAFixedRefusal() throws Exception {
        try (RunningNode node = node("personal.auth", "both");
             SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser wrong = browser(node);
             BayeuxBrowser erin = browser(node)) {
            helper.join("chat-account", "helper");

            Map<String, Object> refused = wrong.call(LOGIN, Map.of("nick", "mallory", "user", "erin",
                    "password", "not-erins-password"));
            assertThat(refused).containsEntry("ok", false).containsEntry("code", "xmpp_auth_failed")
                    .containsEntry("message", "wrong user name or password");
            assertThat(String.valueOf(refused)).doesNotContain("not-erins-password");
            assertThat(wrong.call(LOGIN, Map.of("nick", "mallory", "user", "nobody", "password", "x")))
                    .containsEntry("code", "xmpp_auth_failed").containsEntry("message", "wrong user name or password");
            assertThat(wrong.call(LOGIN, Map.of("nick", "mallory", "user", "erin")))
                    .containsEntry("code", "xmpp_bad_data");

            assertThat(erin.subscribe(XmppTestOptions.room("chat-account")).isSuccessful()).isTrue();
            assertThat(erin.call(LOGIN, Map.of("nick", "erin", "user", "erin", "password", "erin-secret")))
                    .containsEntry("ok", true).containsEntry("nick", "erin");
            helper.awaitPresence(p -> "erin".equals(p.nick()) && p.available());
            assertThat(erin.say("chat-account", "signed in")).containsEntry("ok", true);
            assertThat(helper.awaitLine("chat-account", "signed in").nick()).isEqualTo("erin");
            assertThat(erin.await(m -> "signed in".equals(m.get("text")))).containsEntry("sender", "erin")
                    .containsEntry("web", true);
            // the same client may still log in anonymously elsewhere; here it is logged in already
            assertThat(erin.call(LOGIN, Map.of("nick", "erin2"))).containsEntry("code", "xmpp_already_logged_in");
            assertThat(wrong.call(LOGIN, Map.of("nick", "guest1"))).containsEntry("ok", true);  // both: anonymous too
        }
    }

    @Test
    void personalAuthDecidesWhichLoginsAreAllowed() throws Exception {
        try (RunningNode anonymousOnly = node("personal.auth", "anonymous");
             BayeuxBrowser b = browser(anonymousOnly)) {
            assertThat(b.call(LOGIN, Map.of("nick", "erin", "user", "erin", "password", "erin-secret")))
                    .containsEntry("ok", false).containsEntry("code", "xmpp_account_login_off");
        }
        try (RunningNode accountsOnly = node("personal.auth", "account");
             BayeuxBrowser b = browser(accountsOnly)) {
            assertThat(b.call(LOGIN, Map.of("nick", "guest"))).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_account_required");
            assertThat(b.call(LOGIN, Map.of("nick", "erin", "user", "erin", "password", "erin-secret")))
                    .containsEntry("ok", true);
        }
        try (RunningNode relayOnly = node("mode", "relay");
             BayeuxBrowser b = browser(relayOnly)) {
            assertThat(b.call(LOGIN, Map.of("nick", "guest"))).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_personal_disabled");
        }
    }

    @Test
    void aDomainWithoutAnonymousLoginIsReportedAsSuch() throws Exception {
        try (RunningNode node = node("anon.domain", ProsodyServer.DOMAIN);
             BayeuxBrowser b = browser(node)) {
            Map<String, Object> refused = b.call(LOGIN, Map.of("nick", "guest"));
            assertThat(refused).containsEntry("ok", false).containsEntry("code", "xmpp_anonymous_unavailable");
            // the refused login ended its session: a second try is a new login, not "already logged in"
            assertThat(b.call(LOGIN, Map.of("nick", "guest"))).containsEntry("code", "xmpp_anonymous_unavailable");
        }
    }
}
