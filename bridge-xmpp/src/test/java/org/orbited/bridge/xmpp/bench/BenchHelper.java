package org.orbited.bridge.xmpp.bench;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.stax.StaxXmlPullParserFactory;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.orbited.bridge.common.bench.Bench;
import org.orbited.bridge.xmpp.ProsodyServer;
import org.orbited.bridge.xmpp.SmackClient;

/**
 * The helper of the benchmarks: one plain Smack 4.4.8 client (anonymous on {@value ProsodyServer#ANON_DOMAIN}, over
 * STARTTLS when the server requires it, configured by {@link SmackClient#builder}) in rooms of
 * {@value ProsodyServer#MUC}, that reports each live room message with {@link System#nanoTime()} at its arrival
 * and says things. Unlike {@link SmackClient} it records nothing (a bench sees thousands of lines): the callback
 * gets each line. Callbacks run on Smack's threads and must not block; {@link #say} only queues the send on the
 * helper's own sender thread, so a callback may answer at once. Presences of other occupants are tracked so a bench
 * can wait (bounded) for someone to be in the room.
 */
final class BenchHelper implements AutoCloseable {
    /** A live room message: the sender's nick (null: the room), its body, when it arrived. */
    interface OnLine {
        void on(String room, String nick, String body, long nanos);
    }

    static {
        SmackXmlParser.setXmlPullParserFactory(new StaxXmlPullParserFactory());
    }

    private final XMPPTCPConnection connection;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-helper-send");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, MultiUserChat> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> present = new ConcurrentHashMap<>();
    private final Map<String, String> nicks = new ConcurrentHashMap<>();

    private BenchHelper(XMPPTCPConnection connection) {
        this.connection = connection;
    }

    /** Connects and logs in anonymously on {@value ProsodyServer#ANON_DOMAIN} (30 s reply timeout). */
    static BenchHelper anonymous(ProsodyServer server) throws Exception {
        XMPPTCPConnectionConfiguration config = SmackClient.builder(server, ProsodyServer.ANON_DOMAIN)
                .performSaslAnonymousAuthentication().build();
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(30_000);
        try {
            c.connect().login();
        } catch (Exception e) {
            c.disconnect();
            throw e;
        }
        return new BenchHelper(c);
    }

    /** Joins {@code room} (localpart) as {@code nick} without history, creating it when new; lines go to onLine. */
    void join(String room, String nick, OnLine onLine) throws Exception {
        EntityBareJid jid = JidCreate.entityBareFrom(room + "@" + ProsodyServer.MUC);
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(jid);
        Set<String> here = present.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        muc.addMessageListener(m -> {
            long at = System.nanoTime();
            if (m.getType() == Message.Type.groupchat && m.getBody() != null && DelayInformation.from(m) == null) {
                onLine.on(room, nick(m.getFrom()), m.getBody(), at);
            }
        });
        muc.addParticipantListener(p -> {
            String who = nick(p.getFrom());
            if (who != null) {
                if (p.getType() == Presence.Type.available) {
                    here.add(who);
                } else {
                    here.remove(who);
                }
            }
        });
        var enter = muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).requestNoHistory().build();
        MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(enter);
        if (created != null) {
            created.makeInstant();
        }
        rooms.put(room, muc);
        nicks.put(room, nick);
    }

    private static String nick(Jid from) {
        return from == null || from.getResourceOrNull() == null ? null : from.getResourceOrNull().toString();
    }

    /** Queues {@code text} as a groupchat message to {@code room} on the sender thread (never blocks the caller). */
    void say(String room, String text) {
        sender.execute(() -> {
            try {
                connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
                        .to(JidCreate.entityBareFrom(room + "@" + ProsodyServer.MUC)).ofType(Message.Type.groupchat)
                        .setBody(text).build());
            } catch (Exception e) {
                XmppBench.log("helper could not send to %s: %s", room, e);
            }
        });
    }

    /** Waits (bounded by {@code seconds}) until {@code nick} is in {@code room}; false if not by then. */
    boolean awaitPresent(String room, String nick, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (present.getOrDefault(room, Set.of()).contains(nick)) {
                return true;
            }
            Bench.pause(20);
        }
        return false;
    }

    /** The other occupants' nicks in {@code room} as this helper knows them (its own excluded). */
    Set<String> others(String room) {
        Set<String> s = new java.util.TreeSet<>(present.getOrDefault(room, Set.of()));
        s.remove(nicks.get(room));
        return s;
    }

    /** Smack's occupant count of {@code room} (the helper included). */
    int occupants(String room) {
        MultiUserChat muc = rooms.get(room);
        return muc == null ? -1 : muc.getOccupantsCount();
    }

    /** Empties the rooms' message collectors (Smack keeps up to 5,000 stanzas each; we use listeners). */
    void drain() {
        for (MultiUserChat muc : rooms.values()) {
            try {
                for (int i = 0; i < 10_000 && muc.pollMessage() != null; i++) {
                    // drop: the listener had it
                }
            } catch (Exception notJoined) {
                // not joined (any more): nothing to drain
            }
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        connection.disconnect();
    }
}
