package org.orbited.bridge.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Date;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** Stanzas built with Smack's builders, translated without a server. */
class XmppEventTranslatorTest {
    static final String MUC = "conference.localhost";
    static final Instant NOW = Instant.parse("2026-12-07T08:00:00.123Z");

    @BeforeAll
    static void smack() {
        SmackSetup.init();
    }

    private static Message groupchat(String from, String id, String body) throws Exception {
        return StanzaBuilder.buildMessage(id).from(JidCreate.from(from)).ofType(Message.Type.groupchat)
                .setBody(body).build();
    }

    private static XmppEventTranslator.Incoming translate(org.jivesoftware.smack.packet.Stanza s) {
        return XmppEventTranslator.translate(s, MUC, NOW);
    }

    @Test
    void aLiveMessageHasTheReceiveTimeAndCleanedText() throws Exception {
        var said = (XmppEventTranslator.Said) translate(groupchat("Lobby@conference.localhost/alice", "id1",
                "hi </body><script>&amp; \u202Ethere"));
        assertThat(said.room()).isEqualTo("lobby");
        assertThat(said.nick()).isEqualTo("alice");
        assertThat(said.stanzaId()).isEqualTo("id1");
        assertThat(said.history()).isFalse();
        ObjectNode json = said.toJson(false);
        assertThat(json.get("type").asText()).isEqualTo("message");
        assertThat(json.get("channel").asText()).isEqualTo("lobby");
        assertThat(json.get("sender").asText()).isEqualTo("alice");
        assertThat(json.get("text").asText()).isEqualTo("hi </body><script>&amp; there");
        assertThat(json.get("time").asText()).isEqualTo("2026-12-07T08:00:00.123Z");
        assertThat(json.has("history")).isFalse();
    }

    @Test
    void historyCarriesTheServerStamp() throws Exception {
        Message m = StanzaBuilder.buildMessage("old1").from(JidCreate.from("lobby@conference.localhost/bob"))
                .ofType(Message.Type.groupchat).setBody("/me waved yesterday")
                .addExtension(new DelayInformation(Date.from(Instant.parse("2026-12-06T10:11:12Z")),
                        "lobby@conference.localhost", null)).build();
        var said = (XmppEventTranslator.Said) translate(m);
        assertThat(said.history()).isTrue();
        ObjectNode json = said.toJson(true);
        assertThat(json.get("type").asText()).isEqualTo("action");
        assertThat(json.get("text").asText()).isEqualTo("waved yesterday");
        assertThat(json.get("time").asText()).isEqualTo("2026-12-06T10:11:12.000Z");
        assertThat(json.get("history").asBoolean()).isTrue();
    }

    @Test
    void aDelayNotFromTheRoomIsIgnored() throws Exception {
        for (String claimed : new String[] {null, "bob@localhost", "other@conference.localhost",
                "lobby@conference.localhost/bob"}) {
            Message m = StanzaBuilder.buildMessage("fake1").from(JidCreate.from("lobby@conference.localhost/bob"))
                    .ofType(Message.Type.groupchat).setBody("live, claims 2000")
                    .addExtension(new DelayInformation(Date.from(Instant.parse("2000-01-01T00:00:00Z")),
                            claimed, null)).build();
            var said = (XmppEventTranslator.Said) translate(m);
            assertThat(said.history()).as(String.valueOf(claimed)).isFalse();
            assertThat(said.toJson(false).get("time").asText()).isEqualTo("2026-12-07T08:00:00.123Z");
        }
    }

    @Test
    void anIdLessLineHasOneDedupKeyLiveAndInHistory() throws Exception {
        Message live = StanzaBuilder.buildMessage((String) null).from(JidCreate.from("lobby@conference.localhost/bob"))
                .ofType(Message.Type.groupchat).setBody("no id").build();
        Message history = StanzaBuilder.buildMessage((String) null)
                .from(JidCreate.from("lobby@conference.localhost/bob")).ofType(Message.Type.groupchat).setBody("no id")
                .addExtension(new DelayInformation(Date.from(Instant.parse("2026-12-07T07:59:58Z")),
                        "lobby@conference.localhost", null)).build();
        var liveSaid = (XmppEventTranslator.Said) translate(live);
        var historySaid = (XmppEventTranslator.Said) translate(history);
        assertThat(liveSaid.stanzaId()).isNull();
        assertThat(historySaid.history()).isTrue();
        assertThat(XmppRelay.dedupKey(historySaid)).isEqualTo(XmppRelay.dedupKey(liveSaid));
        var other = (XmppEventTranslator.Said) translate(StanzaBuilder.buildMessage((String) null)
                .from(JidCreate.from("lobby@conference.localhost/eve")).ofType(Message.Type.groupchat)
                .setBody("no id").build());
        assertThat(XmppRelay.dedupKey(other)).isNotEqualTo(XmppRelay.dedupKey(liveSaid));
        var withId = (XmppEventTranslator.Said) translate(groupchat("lobby@conference.localhost/bob", "x1", "no id"));
        assertThat(XmppRelay.dedupKey(withId)).isNotEqualTo(XmppRelay.dedupKey(liveSaid));
    }

    @Test
    void subjectsRoomNoticesAndOccupantIds() throws Exception {
        Message subject = StanzaBuilder.buildMessage().from(JidCreate.from("lobby@conference.localhost/carol"))
                .ofType(Message.Type.groupchat).setSubject("Welcome <all>").build();
        var topic = (XmppEventTranslator.Said) translate(subject);
        assertThat(topic.subject()).isTrue();
        assertThat(topic.toJson(false).get("type").asText()).isEqualTo("topic");
        assertThat(topic.toJson(false).get("text").asText()).isEqualTo("Welcome <all>");

        Message empty = StanzaBuilder.buildMessage().from(JidCreate.from("lobby@conference.localhost"))
                .ofType(Message.Type.groupchat).setSubject("").build();
        var none = (XmppEventTranslator.Said) translate(empty);
        assertThat(none.subject()).isTrue();
        assertThat(none.event().text()).isEmpty();

        Message notice = StanzaBuilder.buildMessage().from(JidCreate.from("lobby@conference.localhost"))
                .ofType(Message.Type.groupchat).setBody("This room is not anonymous")
                .addExtension(StandardExtensionElement.builder("occupant-id", XmppEventTranslator.OCCUPANT_ID_NS)
                        .addAttribute("id", "occ-1").build()).build();
        var n = (XmppEventTranslator.Said) translate(notice);
        assertThat(n.toJson(false).get("type").asText()).isEqualTo("notice");
        assertThat(n.toJson(false).has("sender")).isFalse();
        assertThat(n.toJson(false).get("occupant").asText()).isEqualTo("occ-1");
    }

    @Test
    void privateMessagesOtherServicesAndEmptyMessagesAreNotRoomEvents() throws Exception {
        Message pm = StanzaBuilder.buildMessage().from(JidCreate.from("lobby@conference.localhost/alice"))
                .ofType(Message.Type.chat).setBody("psst").build();
        assertThat(translate(pm)).isNull();
        assertThat(translate(groupchat("lobby@conference.other/alice", "x", "hi"))).isNull();
        assertThat(translate(groupchat("conference.localhost", "x", "hi"))).isNull();
        Message nothing = StanzaBuilder.buildMessage().from(JidCreate.from("lobby@conference.localhost/alice"))
                .ofType(Message.Type.groupchat).build();
        assertThat(translate(nothing)).isNull();
    }

    @Test
    void presencesCarryStatusCodesPrefixAndShow() throws Exception {
        MUCUser user = new MUCUser();
        user.setItem(new MUCItem(MUCAffiliation.owner, MUCRole.moderator, null, null, null, null, null));
        user.addStatusCode(MUCUser.Status.PRESENCE_TO_SELF_110);
        Presence self = StanzaBuilder.buildPresence().from(JidCreate.from("lobby@conference.localhost/orbited"))
                .ofType(Presence.Type.available).addExtension(user).build();
        var o = (XmppEventTranslator.Occupant) translate(self);
        assertThat(o.self()).isTrue();
        assertThat(o.available()).isTrue();
        assertThat(o.prefix()).isEqualTo("~");

        Presence away = StanzaBuilder.buildPresence().from(JidCreate.from("lobby@conference.localhost/bob"))
                .ofType(Presence.Type.available).setMode(Presence.Mode.dnd).setStatus("busy \u0000now").build();
        var b = (XmppEventTranslator.Occupant) translate(away);
        assertThat(b.self()).isFalse();
        assertThat(b.show()).isEqualTo("dnd");
        assertThat(b.status()).isEqualTo("busy now");
        assertThat(b.prefix()).isEmpty();

        MUCUser renamed = new MUCUser();
        renamed.setItem(new MUCItem(MUCAffiliation.none, MUCRole.participant, null, null, null,
                Resourcepart.from("bobby"), null));
        renamed.addStatusCode(MUCUser.Status.NEW_NICKNAME_303);
        var r = (XmppEventTranslator.Occupant) translate(StanzaBuilder.buildPresence()
                .from(JidCreate.from("lobby@conference.localhost/bob")).ofType(Presence.Type.unavailable)
                .addExtension(renamed).build());
        assertThat(r.available()).isFalse();
        assertThat(r.newNick()).isEqualTo("bobby");

        MUCUser kicked = new MUCUser();
        kicked.setItem(new MUCItem(MUCAffiliation.none, MUCRole.none, null, "spam", null, null,
                Resourcepart.from("mod")));
        kicked.addStatusCode(MUCUser.Status.KICKED_307);
        var k = (XmppEventTranslator.Occupant) translate(StanzaBuilder.buildPresence()
                .from(JidCreate.from("lobby@conference.localhost/eve")).ofType(Presence.Type.unavailable)
                .addExtension(kicked).build());
        assertThat(k.kicked()).isTrue();
        assertThat(k.reason()).isEqualTo("spam");
        assertThat(k.actor()).isEqualTo("mod");
    }

    @Test
    void errorsKeepTheStanzaId() throws Exception {
        Message error = StanzaBuilder.buildMessage("orb-1").from(JidCreate.from("lobby@conference.localhost"))
                .ofType(Message.Type.error).setError(StanzaError.getBuilder(StanzaError.Condition.forbidden).build())
                .build();
        var r = (XmppEventTranslator.StanzaRefusal) translate(error);
        assertThat(r.stanzaId()).isEqualTo("orb-1");
        assertThat(r.presence()).isFalse();
        assertThat(XmppRefusal.of(r.error(), XmppRefusal.What.MESSAGE).code()).isEqualTo("xmpp_cannot_send");
        assertThat(XmppRefusal.of(StanzaError.getBuilder(StanzaError.Condition.conflict).build(),
                XmppRefusal.What.JOIN).code()).isEqualTo("xmpp_nick_taken");
        assertThat(XmppRefusal.of(StanzaError.getBuilder(StanzaError.Condition.registration_required).build(),
                XmppRefusal.What.JOIN).code()).isEqualTo("xmpp_members_only");
    }
}
