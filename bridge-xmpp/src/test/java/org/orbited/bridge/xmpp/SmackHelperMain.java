package org.orbited.bridge.xmpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A Smack 4.4.8 room occupant driven over stdin/stdout, for tests in other languages (the WebIRC browser test
 * browser-tests/webirc-xmpp.test.mjs uses it as the XMPP helper). Run with the module's test class path
 * ({@code target/test-classpath.txt}, written at build time):
 * <pre>java -cp test-classes:classes:$(cat test-classpath.txt) org.orbited.bridge.xmpp.SmackHelperMain
 *     --host 127.0.0.1 --port 5222 --domain localhost --user helper --password pw
 *     --room lobby@conference.localhost --nick helper</pre>
 * It logs in (plain c2s: loopback tests only; SASL as Smack picks), joins the room without history (creating it as
 * an instant room when new) and speaks one JSON object per line.
 *
 * <p>Out (stdout, nothing else is written there; logs go to stderr): {@code {"type":"ready","nick"}} once joined;
 * every groupchat message {@code {"type":"message","from":nick|null,"text","delay":bool}}; every private message
 * from an occupant {@code {"type":"private","from","text"}}; every occupant presence
 * {@code {"type":"presence","from","available":bool,"role","affiliation"}}; {@code {"type":"error","text"}} on a
 * failed command or a failed start (then exit status 1).
 *
 * <p>In (stdin): {@code {"cmd":"say","text"}}, {@code {"cmd":"private","nick","text"}}, {@code {"cmd":"leave"}}
 * (leaves the room, waiting for its reflection; answers {@code {"type":"left"}}), {@code {"cmd":"quit"}}. End of
 * input is a quit too, so the process never outlives the test that started it. Smack's reply timeout bounds every
 * wait (10 s).
 */
public final class SmackHelperMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PrintStream out;

    private SmackHelperMain() {
    }

    public static void main(String[] args) throws Exception {
        out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);   // whatever a library prints stays out of the protocol
        Map<String, String> opt = options(args);
        SmackSetup.init();           // the bridge's own Smack start-up: parser factory, no roster, JUL quiet
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(opt.get("domain")).setHostAddress(InetAddress.getByName(opt.get("host")))
                .setPort(Integer.parseInt(opt.get("port"))).setSecurityMode(SecurityMode.disabled)
                .setUsernameAndPassword(opt.get("user"), opt.get("password")).setResource("smack-helper")
                .setConnectTimeout(10_000).build());
        c.setReplyTimeout(10_000);
        EntityBareJid room = JidCreate.entityBareFrom(opt.get("room"));
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
        try {
            watch(c, muc, room);
            c.connect().login();
            var enter = muc.getEnterConfigurationBuilder(Resourcepart.from(opt.get("nick"))).requestNoHistory();
            MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(enter.build());
            if (created != null) {
                created.makeInstant();
            }
            emit(JSON.createObjectNode().put("type", "ready").put("nick", opt.get("nick")));
            commands(c, muc, room);
        } catch (Exception e) {
            emit(JSON.createObjectNode().put("type", "error").put("text", String.valueOf(e)));
            c.disconnect();
            System.exit(1);
        }
        c.disconnect();
        System.exit(0);   // Smack's non-daemon threads
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        for (String k : new String[] {"host", "port", "domain", "user", "password", "room", "nick"}) {
            if (!opt.containsKey(k)) {
                throw new IllegalArgumentException("missing --" + k);
            }
        }
        return opt;
    }

    /** Smack's synchronous listeners (one thread, in stanza order): everything received becomes a line. */
    private static void watch(XMPPTCPConnection c, MultiUserChat muc, EntityBareJid room) {
        muc.addMessageListener(m -> {
            emit(JSON.createObjectNode().put("type", "message").put("from", nick(m.getFrom()))
                    .put("text", m.getBody()).put("delay", DelayInformation.from(m) != null));
            try {
                while (muc.pollMessage() != null) {
                    // Smack's own collector keeps what the listener already printed: drop it
                }
            } catch (Exception notJoined) {
                // nothing to drain
            }
        });
        muc.addParticipantListener(p -> {
            MUCUser user = MUCUser.from(p);
            MUCRole role = user == null || user.getItem() == null ? null : user.getItem().getRole();
            MUCAffiliation aff = user == null || user.getItem() == null ? null : user.getItem().getAffiliation();
            emit(JSON.createObjectNode().put("type", "presence").put("from", nick(p.getFrom()))
                    .put("available", p.getType() == Presence.Type.available)
                    .put("role", role == null ? null : role.name()).put("affiliation", aff == null ? null : aff.name()));
        });
        c.addStanzaListener(s -> emit(JSON.createObjectNode().put("type", "private").put("from", nick(s.getFrom()))
                .put("text", ((Message) s).getBody())), new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.create(room)));
    }

    private static void commands(XMPPTCPConnection c, MultiUserChat muc, EntityBareJid room) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode cmd = JSON.readTree(line);
            String name = cmd.path("cmd").asText();
            try {
                switch (name) {
                    case "say" -> c.sendStanza(c.getStanzaFactory().buildMessageStanza().to(room)
                            .ofType(Message.Type.groupchat).setBody(cmd.path("text").asText()).build());
                    case "private" -> c.sendStanza(c.getStanzaFactory().buildMessageStanza()
                            .to(JidCreate.entityFullFrom(room, Resourcepart.from(cmd.path("nick").asText())))
                            .ofType(Message.Type.chat).setBody(cmd.path("text").asText()).build());
                    case "leave" -> {
                        muc.leave();
                        emit(JSON.createObjectNode().put("type", "left"));
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
            } catch (Exception e) {
                emit(JSON.createObjectNode().put("type", "error").put("text", name + ": " + e));
            }
        }
    }

    private static String nick(Jid from) {
        return from == null || from.getResourceOrNull() == null ? null : from.getResourceOrNull().toString();
    }

    private static synchronized void emit(ObjectNode event) {
        out.println(event.toString());
    }
}
