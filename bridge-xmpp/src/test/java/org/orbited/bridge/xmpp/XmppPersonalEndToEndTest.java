package org.orbited.bridge.xmpp;

import static org.orbited.bridge.xmpp.XmppTestOptions.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.node.testing.RunningNode;

/**
 * Visitor sessions end to end (the sibling of IrcPersonalEndToEndTest): a real prosody, a real node with the bridge
 * ({@code mode = both}), CometD clients as browsers logging in anonymously through
 * {@code /service/xmpp/conference$2Elocalhost/login}, and plain Smack clients as the people in the room.
 */
class XmppPersonalEndToEndTest {
    static final String SERVICE = "xmpp/conference$2Elocalhost/";
    static final String EVENTS = "/service/" + SERVICE + "events";

    @TempDir
    static Path dir;
    static ProsodyServer prosody;
    static RunningNode node;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.start(dir);
        prosody.register("bridge", XmppTestOptions.BRIDGE_PASSWORD);
        prosody.register("helper", "helper-pw");
        node = RunningNode.start(b -> b.plugins(Map.of("xmpp", XmppTestOptions.local(prosody.port(),
                "mode", "both", "personal.grace", "700ms", "personal.max", "6"))));
    }

    @AfterAll
    static void stop() {
        XmppTestOptions.closeAll(node, prosody);
    }

    static BayeuxBrowser browser() throws Exception {
        BayeuxBrowser b = new BayeuxBrowser(node.httpPort(), XmppTestOptions.SAY);
        b.listenPersonal(EVENTS);
        return b;
    }

    /** A browser subscribed to {@code room} (unless null) and logged in as {@code nick}. */
    static BayeuxBrowser loggedIn(String nick, String room) throws Exception {
        BayeuxBrowser b = browser();
        if (room != null) {
            assertThat(b.subscribe(XmppTestOptions.room(room)).isSuccessful()).isTrue();
        }
        assertThat(b.call(SERVICE + "login", Map.of("nick", nick))).containsEntry("ok", true)
                .containsEntry("nick", nick);
        return b;
    }

    @Test
    void anAnonymousVisitorTalksAsItsOwnNickWithPrivateMessagesNickChangeAndLogout() throws Exception {
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
            helper.join("chat-me", "helper");
            try (BayeuxBrowser alice = loggedIn("alice", "chat-me");
                 BayeuxBrowser bob = loggedIn("bob", "chat-me")) {
                // login answered after the join: the room has the visitor under its own nick
                assertThat(helper.occupants("chat-me")).contains("alice", "bob");
                assertThat(alice.awaitPersonal(m -> "join".equals(m.get("type")))).containsEntry("sender", "alice")
                        .containsEntry("channel", "chat-me");

                assertThat(alice.say("chat-me", "hello as myself")).containsEntry("ok", true);
                assertThat(helper.awaitLine("chat-me", "hello as myself").nick()).isEqualTo("alice");
                assertThat(alice.say("chat-me", "waves", "type", "action")).containsEntry("ok", true);
                assertThat(helper.awaitLine("chat-me", "/me waves").nick()).isEqualTo("alice");

                helper.say("chat-me", "hi alice");
                assertThat(alice.await(text("hi alice"))).containsEntry("type", "message")
                        .containsEntry("sender", "helper");
                bob.await(text("hi alice"));
                // each browser got alice's lines once: the canonical event, published on the room's reflection
                for (BayeuxBrowser b : List.of(alice, bob)) {
                    assertThat(b.await(text("waves"))).containsEntry("type", "action");
                    assertThat(b.matching(text("hello as myself"))).singleElement()
                            .satisfies(m -> assertThat(m).containsEntry("type", "message")
                                    .containsEntry("sender", "alice").containsEntry("web", true)
                                    .containsEntry("channel", "chat-me").doesNotContainKey("relay"));
                }

                // a private message reaches alice's browser alone
                helper.sendPrivate("chat-me", "alice", "psst");
                assertThat(alice.awaitPersonal(text("psst"))).containsEntry("type", "message")
                        .containsEntry("sender", "helper").containsEntry("channel", "chat-me");
                assertThat(alice.call(SERVICE + "privmsg", Map.of("channel", "chat-me", "to", "helper",
                        "text", "back at you"))).containsEntry("ok", true);
                assertThat(helper.awaitPrivate(p -> "back at you".equals(p.body())).nick()).isEqualTo("alice");
                helper.sendPrivate("chat-me", "bob", "for bob");
                bob.awaitPersonal(text("for bob"));
                assertThat(bob.personal).noneMatch(text("psst"));
                assertThat(bob.received).noneMatch(text("psst"));
                assertThat(alice.received).noneMatch(text("psst"));
                assertThat(alice.personal).noneMatch(text("for bob"));
                assertThat(helper.lines).noneMatch(l -> "back at you".equals(l.body()));

                // nick change: leave + join in the room; alice's browser gets its own nick event
                assertThat(alice.call(SERVICE + "nick", Map.of("nick", "alicia"))).containsEntry("ok", true);
                assertThat(alice.awaitPersonal(m -> "nick".equals(m.get("type")))).containsEntry("sender", "alice")
                        .containsEntry("nick", "alicia").containsEntry("channel", "chat-me");
                helper.awaitPresence(p -> "alicia".equals(p.nick()) && p.available());
                helper.awaitPresence(p -> "alice".equals(p.nick()) && !p.available());
                assertThat(alice.say("chat-me", "renamed")).containsEntry("ok", true);
                assertThat(helper.awaitLine("chat-me", "renamed").nick()).isEqualTo("alicia");
                assertThat(bob.await(text("renamed"))).containsEntry("sender", "alicia");

                // presence: show and status reach the room
                assertThat(alice.call(SERVICE + "presence", Map.of("show", "away", "status", "brb")))
                        .containsEntry("ok", true);
                assertThat(helper.awaitPresence(p -> "alicia".equals(p.nick()) && "brb".equals(p.status())).show())
                        .isEqualTo("away");

                // explicit logout: the room sees alicia leave at once, with the reason
                assertThat(alice.call(SERVICE + "logout", Map.of("reason", "see you"))).containsEntry("ok", true);
                assertThat(helper.awaitPresence(p -> "alicia".equals(p.nick()) && !p.available()).status())
                        .isEqualTo("see you");
                // logged out, the browser is relayed by the occupant again (mode = both)
                assertThat(alice.say("chat-me", "after logout")).containsEntry("ok", true);
                assertThat(helper.awaitLine(l -> l.body() != null && l.body().endsWith("after logout")).nick())
                        .isEqualTo("bridge");
            }
        }
    }

    @Test
    void privateMessagesArriveInOrderAndReachANativeNickWithInnerSpaces() throws Exception {
        try (SmackClient jane = SmackClient.account(prosody, "helper", "helper-pw")) {
            jane.join("chat-pm", "Jane Doe");  // native clients may use inner spaces in nicks
            try (BayeuxBrowser pat = loggedIn("pat", "chat-pm")) {
                assertThat(pat.call(SERVICE + "privmsg", Map.of("channel", "chat-pm", "to", "Jane Doe",
                        "text", "hello Jane"))).containsEntry("ok", true);
                assertThat(jane.awaitPrivate(p -> "hello Jane".equals(p.body())).nick()).isEqualTo("pat");
                for (String bad : List.of(" Jane Doe", "Jane Doe ", "Jane\nDoe", "Jane\tDoe", "Jane\u200bDoe",
                        "Jane\u0007Doe", "x".repeat(65))) {
                    assertThat(pat.call(SERVICE + "privmsg", Map.of("channel", "chat-pm", "to", bad,
                            "text", "no"))).containsEntry("ok", false).containsEntry("code", "xmpp_bad_target");
                }

                // a burst of private messages reaches the browser in the order sent (one ordered listener)
                for (int i = 1; i <= 50; i++) {
                    jane.sendPrivate("chat-pm", "pat", "pm " + i);
                }
                pat.awaitPersonal(text("pm 50"));
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> pat.personal
                        .stream().filter(m -> String.valueOf(m.get("text")).startsWith("pm ")).count() >= 50);
                assertThat(pat.personal.stream().map(m -> String.valueOf(m.get("text")))
                        .filter(t -> t.startsWith("pm "))).containsExactlyElementsOf(
                        java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(i -> "pm " + i).toList());
            }
        }
    }

    @Test
    void aTakenNickGetsASuggestionAndAnInvalidNickIsRefused() throws Exception {
        try (SmackClient carol = SmackClient.account(prosody, "helper", "helper-pw");
             SmackClient dave = SmackClient.anonymous(prosody);
             BayeuxBrowser b = browser()) {
            carol.join("chat-taken", "carol");
            dave.join("chat-taken", "dave");
            assertThat(b.subscribe(XmppTestOptions.room("chat-taken")).isSuccessful()).isTrue();
            Map<String, Object> taken = b.call(SERVICE + "login", Map.of("nick", "carol"));
            assertThat(taken).containsEntry("ok", false).containsEntry("code", "xmpp_nick_taken");
            assertThat(String.valueOf(taken.get("suggestion"))).matches("carol_\\d{2,3}");
            assertThat(b.call(SERVICE + "login", Map.of("nick", "bad nick/x"))).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_bad_nick");
            assertThat(b.call(SERVICE + "login", Map.of("nick", "bridge"))).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_nick_taken");  // the occupant's own nick
            assertThat(b.call(SERVICE + "login", Map.of("nick", String.valueOf(taken.get("suggestion")))))
                    .containsEntry("ok", true);
            carol.awaitPresence(p -> String.valueOf(taken.get("suggestion")).equals(p.nick()) && p.available());
            try (BayeuxBrowser twin = browser()) {  // another visitor here holds it: refused before any connection
                Map<String, Object> again = twin.call(SERVICE + "login", Map.of("nick",
                        String.valueOf(taken.get("suggestion"))));
                assertThat(again).containsEntry("ok", false).containsEntry("code", "xmpp_nick_taken")
                        .containsKey("suggestion");
            }
            // its own nick in other letter cases is its own, not taken (the room sees a new nick)
            String suggested = String.valueOf(taken.get("suggestion"));
            assertThat(b.call(SERVICE + "nick", Map.of("nick", suggested.toUpperCase(java.util.Locale.ROOT))))
                    .containsEntry("ok", true);
            b.awaitPersonal(m -> "nick".equals(m.get("type"))
                    && suggested.toUpperCase(java.util.Locale.ROOT).equals(m.get("nick")));
            // a nick change to a nick held in the room: an error event with a suggestion, the old nick stays
            assertThat(b.call(SERVICE + "nick", Map.of("nick", "dave"))).containsEntry("ok", true);
            Map<String, Object> refused = b.awaitPersonal(m -> "error".equals(m.get("type")));
            assertThat(refused).containsEntry("code", "xmpp_nick_taken").containsEntry("channel", "chat-taken");
            assertThat(String.valueOf(refused.get("suggestion"))).matches("dave_\\d{2,3}");
            assertThat(b.say("chat-taken", "still me")).containsEntry("ok", true);
            assertThat(carol.awaitLine("chat-taken", "still me").nick())
                    .isEqualTo(suggested.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void aVisitorWithoutRoomsIsAnsweredAtOnceAndJoinsWhatItSubscribesLater() throws Exception {
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser fay = loggedIn("fay", null)) {
            helper.join("chat-later", "helper");
            assertThat(fay.say("chat-later", "too early")).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_not_subscribed");
            assertThat(fay.subscribe(XmppTestOptions.room("chat-later")).isSuccessful()).isTrue();
            fay.awaitPersonal(m -> "join".equals(m.get("type")) && "chat-later".equals(m.get("channel")));
            helper.awaitPresence(p -> "fay".equals(p.nick()) && p.available());
            assertThat(fay.say("chat-later", "now I am in")).containsEntry("ok", true);
            assertThat(helper.awaitLine("chat-later", "now I am in").nick()).isEqualTo("fay");
            assertThat(fay.unsubscribe(XmppTestOptions.room("chat-later")).isSuccessful()).isTrue();
            helper.awaitPresence(p -> "fay".equals(p.nick()) && !p.available());
            assertThat(helper.lines).noneMatch(l -> "too early".equals(l.body()));
        }
    }

    @Test
    void aKickedVisitorIsToldAloneAndCannotSpeakThereUntilItSubscribesAgain() throws Exception {
        try (SmackClient owner = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser kim = loggedIn("kim", null);
             BayeuxBrowser watcher = browser()) {
            org.jivesoftware.smackx.muc.MultiUserChat room = owner.join("chat-kick", "owner");  // creator: owner
            assertThat(watcher.subscribe(XmppTestOptions.room("chat-kick")).isSuccessful()).isTrue();
            assertThat(kim.subscribe(XmppTestOptions.room("chat-kick")).isSuccessful()).isTrue();
            kim.awaitPersonal(m -> "join".equals(m.get("type")) && "chat-kick".equals(m.get("channel")));
            room.kickParticipant(org.jxmpp.jid.parts.Resourcepart.from("kim"), "behave");
            assertThat(kim.awaitPersonal(m -> "kick".equals(m.get("type")))).containsEntry("channel", "chat-kick")
                    .containsEntry("nick", "kim").containsEntry("text", "behave");
            assertThat(kim.say("chat-kick", "still here?")).containsEntry("ok", false)
                    .containsEntry("code", "xmpp_not_joined");
            assertThat(watcher.personal).noneMatch(m -> "kick".equals(m.get("type")));
            // subscribing again rejoins
            assertThat(kim.unsubscribe(XmppTestOptions.room("chat-kick")).isSuccessful()).isTrue();
            assertThat(kim.subscribe(XmppTestOptions.room("chat-kick")).isSuccessful()).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> kim.personal.stream()
                    .filter(m -> "join".equals(m.get("type")) && "chat-kick".equals(m.get("channel"))).count() >= 2);
            assertThat(kim.say("chat-kick", "back again")).containsEntry("ok", true);
            assertThat(owner.awaitLine("chat-kick", "back again").nick()).isEqualTo("kim");
        }
    }

    @Test
    void aLineTheRoomRefusesReachesNobodyAndItsSpeakerLearnsWhy() throws Exception {
        try (SmackClient owner = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser val = loggedIn("val", null);
             BayeuxBrowser watcher = browser()) {
            org.jivesoftware.smackx.muc.MultiUserChat room = owner.join("chat-voice", "owner");
            assertThat(watcher.subscribe(XmppTestOptions.room("chat-voice")).isSuccessful()).isTrue();
            assertThat(val.subscribe(XmppTestOptions.room("chat-voice")).isSuccessful()).isTrue();
            val.awaitPersonal(m -> "join".equals(m.get("type")) && "chat-voice".equals(m.get("channel")));
            room.revokeVoice(org.jxmpp.jid.parts.Resourcepart.from("val"));
            assertThat(val.say("chat-voice", "can you hear me")).containsEntry("ok", true);  // queued
            Map<String, Object> refused = val.await(m -> "error".equals(m.get("type")));
            assertThat(refused).containsEntry("code", "xmpp_cannot_send").containsEntry("channel", "chat-voice");
            owner.say("chat-voice", "after the refusal");
            watcher.await(text("after the refusal"));
            for (BayeuxBrowser b : List.of(val, watcher)) {
                assertThat(b.received).noneMatch(text("can you hear me"));
            }
            assertThat(watcher.received).noneMatch(m -> "error".equals(m.get("type")));
            assertThat(owner.lines).noneMatch(l -> "can you hear me".equals(l.body()));
        }
    }

    @Test
    void aVisitorSetsTheSubjectOnlyWhenTheRoomLetsIt() throws Exception {
        try (SmackClient owner = SmackClient.account(prosody, "helper", "helper-pw");
             BayeuxBrowser tom = loggedIn("tom", null);
             BayeuxBrowser watcher = browser()) {
            org.jivesoftware.smackx.muc.MultiUserChat room = owner.join("chat-topic", "owner");
            assertThat(watcher.subscribe(XmppTestOptions.room("chat-topic")).isSuccessful()).isTrue();
            assertThat(tom.subscribe(XmppTestOptions.room("chat-topic")).isSuccessful()).isTrue();
            tom.awaitPersonal(m -> "join".equals(m.get("type")) && "chat-topic".equals(m.get("channel")));
            // prosody lets only moderators change the subject by default
            assertThat(tom.call(SERVICE + "topic", Map.of("channel", "chat-topic", "text", "not yet")))
                    .containsEntry("ok", true);
            assertThat(tom.await(m -> "error".equals(m.get("type")))).containsEntry("code",
                    "xmpp_not_channel_operator").containsEntry("channel", "chat-topic");
            room.grantModerator(org.jxmpp.jid.parts.Resourcepart.from("tom"));
            assertThat(tom.call(SERVICE + "topic", Map.of("channel", "chat-topic", "text", "Tom's <topic>")))
                    .containsEntry("ok", true);
            assertThat(owner.awaitSubject(t -> "Tom's <topic>".equals(t.subject())).nick()).isEqualTo("tom");
            assertThat(watcher.await(m -> "topic".equals(m.get("type")) && "Tom's <topic>".equals(m.get("text"))))
                    .containsEntry("sender", "tom").containsEntry("channel", "chat-topic");
            assertThat(owner.subjects).noneMatch(t -> "not yet".equals(t.subject()));
            assertThat(watcher.received).noneMatch(m -> "error".equals(m.get("type")));
        }
    }

    @Test
    void theClientEndingClosesTheSessionAfterTheGrace() throws Exception {
        try (SmackClient helper = SmackClient.account(prosody, "helper", "helper-pw")) {
            helper.join("chat-grace", "helper");
            BayeuxBrowser dan = loggedIn("dan", "chat-grace");
            helper.awaitPresence(p -> "dan".equals(p.nick()) && p.available());
            long ended = System.nanoTime();
            dan.close();
            assertThat(helper.awaitPresence(p -> "dan".equals(p.nick()) && !p.available()).status())
                    .isEqualTo("web client left");
            assertThat(Duration.ofNanos(System.nanoTime() - ended)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }
}
