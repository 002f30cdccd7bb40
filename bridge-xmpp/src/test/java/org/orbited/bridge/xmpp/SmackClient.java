package org.orbited.bridge.xmpp;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
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

/**
 * A plain XMPP user for tests: a Smack 4.4.8 connection to a {@link ProsodyServer} (an account on
 * {@value ProsodyServer#DOMAIN} or anonymous on {@value ProsodyServer#ANON_DOMAIN}; over STARTTLS trusting the
 * server's {@link ProsodyServer#trustStore()} when the server requires TLS) that joins rooms, says things in them,
 * sends private messages, sets subjects and its presence, and records everything it receives: room messages (with
 * the history stamp), private messages, subjects, presences and error stanzas. Every wait is bounded.
 *
 * <p>Smack's callbacks only append to the lists here. Rooms are named by localpart (on {@value ProsodyServer#MUC})
 * or by full bare JID. The message collectors each joined {@link MultiUserChat} keeps are drained on every wait.
 */
public final class SmackClient implements AutoCloseable {
    /** A groupchat message from {@code room}/{@code nick} ({@code nick} null: from the room itself). */
    public record Line(String room, String nick, String body, String id, Instant delayed) {
        public boolean history() {
            return delayed != null;
        }
    }

    /** A private message ({@code type=chat}) from occupant {@code room}/{@code nick}. */
    public record Private(String room, String nick, String body) {
    }

    /** A subject seen in {@code room} (empty on join when the room has none), set by {@code nick} (may be null). */
    public record Subject(String room, String nick, String subject) {
    }

    /** An occupant's presence in {@code room}: {@code available} false on leave; {@code show} = Smack mode name. */
    public record Seen(String room, String nick, boolean available, String show, String status) {
    }

    /** An error stanza (message or presence) received: from whom, the condition, the text. */
    public record Failure(String from, String condition, String text) {
    }

    private static final Duration WAIT = Duration.ofSeconds(15);

    static {
        // The same start-up as the plugin's (docs: notes/xmpp-smack.md): the parser factory without the TCCL, and
        // no roster (anonymous sessions would log a warning per occupant presence).
        SmackXmlParser.setXmlPullParserFactory(new StaxXmlPullParserFactory());
        Roster.setRosterLoadedAtLoginDefault(false);
    }

    private final XMPPTCPConnection connection;
    private final Map<EntityBareJid, MultiUserChat> rooms = new ConcurrentHashMap<>();
    public final List<Line> lines = new CopyOnWriteArrayList<>();
    public final List<Private> privates = new CopyOnWriteArrayList<>();
    public final List<Subject> subjects = new CopyOnWriteArrayList<>();
    public final List<Seen> presences = new CopyOnWriteArrayList<>();
    public final List<Failure> failures = new CopyOnWriteArrayList<>();

    private SmackClient(XMPPTCPConnection connection) {
        this.connection = connection;
    }

    /** Logs in as {@code user@}{@value ProsodyServer#DOMAIN} (SCRAM; over TLS when the server requires it). */
    public static SmackClient account(ProsodyServer server, String user, String password) throws Exception {
        return connect(builder(server, ProsodyServer.DOMAIN).setUsernameAndPassword(user, password)
                .setResource("smack-" + System.nanoTime() % 100_000).build());
    }

    /** Logs in anonymously on {@value ProsodyServer#ANON_DOMAIN}: a random JID. */
    public static SmackClient anonymous(ProsodyServer server) throws Exception {
        return connect(builder(server, ProsodyServer.ANON_DOMAIN).performSaslAnonymousAuthentication().build());
    }

    /**
     * A connection configuration builder for {@code domain} on {@code server}: loopback host and port set (no DNS),
     * STARTTLS required and trusting {@link ProsodyServer#trustStore()} when the server requires TLS, else plain;
     * reply timeout 10 s. For tests that need a client of their own.
     */
    public static XMPPTCPConnectionConfiguration.Builder builder(ProsodyServer server, String domain)
            throws Exception {
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder().setXmppDomain(domain)
                .setHostAddress(InetAddress.getLoopbackAddress()).setPort(server.port());
        b.setConnectTimeout(10_000);
        if (server.tls()) {
            b.setSecurityMode(SecurityMode.required)
                    .setCustomX509TrustManager(trustManager(server.trustStore(),
                            ProsodyServer.TRUST_STORE_PASSWORD.toCharArray()));
        } else {
            b.setSecurityMode(SecurityMode.disabled);
        }
        return b;
    }

    /** The X509 trust manager of a PKCS12 trust store (what Smack's {@code setCustomX509TrustManager} wants). */
    public static X509TrustManager trustManager(Path p12, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager for " + p12);
    }

    private static SmackClient connect(XMPPTCPConnectionConfiguration config) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        c.setReplyTimeout(10_000);
        SmackClient client = new SmackClient(c);
        c.addAsyncStanzaListener(s -> {
            Message m = (Message) s;
            client.failures.add(new Failure(String.valueOf(m.getFrom()),
                    m.getError() == null ? null : m.getError().getCondition().toString(),
                    m.getError() == null ? null : m.getError().getDescriptiveText()));
        }, MessageTypeFilter.ERROR);
        try {
            c.connect().login();
        } catch (Exception e) {
            c.disconnect();
            throw e;
        }
        return client;
    }

    /** The room's bare JID: {@code room} as given when it has an {@code @}, else on {@value ProsodyServer#MUC}. */
    public static EntityBareJid roomJid(String room) {
        try {
            return JidCreate.entityBareFrom(room.contains("@") ? room : room + "@" + ProsodyServer.MUC);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a room: " + room, e);
        }
    }

    /** Joins {@code room} as {@code nick} without history (creating it as an instant room when new). */
    public MultiUserChat join(String room, String nick) throws Exception {
        return join(room, nick, 0);
    }

    /**
     * Joins {@code room} as {@code nick} asking for at most {@code history} messages of history (0: none), creating
     * it as an instant room when new; returns after the room reflected our presence.
     */
    public MultiUserChat join(String room, String nick, int history) throws Exception {
        EntityBareJid jid = roomJid(room);
        MultiUserChat muc = rooms.computeIfAbsent(jid, this::watch);
        var enter = muc.getEnterConfigurationBuilder(Resourcepart.from(nick));
        if (history == 0) {
            enter.requestNoHistory();
        } else {
            enter.requestMaxStanzasHistory(history);
        }
        MultiUserChat.MucCreateConfigFormHandle created = muc.createOrJoin(enter.build());
        if (created != null) {
            created.makeInstant();
        }
        return muc;
    }

    private MultiUserChat watch(EntityBareJid jid) {
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(jid);
        String room = jid.getLocalpart().toString();
        muc.addMessageListener(m -> {
            DelayInformation d = DelayInformation.from(m);
            lines.add(new Line(room, nick(m.getFrom()), m.getBody(), m.getStanzaId(),
                    d == null ? null : d.getStamp().toInstant()));
        });
        muc.addSubjectUpdatedListener((subject, from) -> subjects.add(new Subject(room,
                from == null ? null : from.getResourceOrNull() == null ? null : from.getResourceOrNull().toString(),
                subject)));
        muc.addParticipantListener(p -> presences.add(new Seen(room, nick(p.getFrom()),
                p.getType() == Presence.Type.available, p.getMode() == null ? null : p.getMode().name(),
                p.getStatus())));
        connection.addAsyncStanzaListener(s -> {
            Message m = (Message) s;
            privates.add(new Private(room, nick(m.getFrom()), m.getBody()));
        }, new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.create(jid)));
        return muc;
    }

    private static String nick(Jid from) {
        return from == null || from.getResourceOrNull() == null ? null : from.getResourceOrNull().toString();
    }

    private MultiUserChat room(String room) {
        MultiUserChat muc = rooms.get(roomJid(room));
        if (muc == null) {
            throw new IllegalStateException("not joined to " + room);
        }
        return muc;
    }

    /** Says {@code text} in {@code room}; returns the stanza id (the room reflects it with the same id). */
    public String say(String room, String text) throws Exception {
        Message m = connection.getStanzaFactory().buildMessageStanza().to(roomJid(room))
                .ofType(Message.Type.groupchat).setBody(text).build();
        connection.sendStanza(m);
        return m.getStanzaId();
    }

    /** Sends a private message ({@code type=chat}) to occupant {@code nick} of {@code room}. */
    public void sendPrivate(String room, String nick, String text) throws Exception {
        connection.sendStanza(connection.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityFullFrom(roomJid(room), Resourcepart.from(nick)))
                .ofType(Message.Type.chat).setBody(text).build());
    }

    /** Sets the room's subject (the room reflects it to every occupant). */
    public void setSubject(String room, String subject) throws Exception {
        room(room).changeSubject(subject);
    }

    /** Sets our presence in {@code room}: {@code show} (away, dnd, xa, chat, available) and status text. */
    public void setPresence(String room, Presence.Mode show, String status) throws Exception {
        room(room).changeAvailabilityStatus(status, show);
    }

    /** Leaves {@code room} (waits for the room's reflection of our unavailable presence). */
    public void leave(String room) throws Exception {
        MultiUserChat muc = rooms.get(roomJid(room));
        if (muc != null && muc.isJoined()) {
            muc.leave();
        }
    }

    /** The occupant nicks Smack knows in {@code room} now. */
    public List<String> occupants(String room) {
        return room(room).getOccupants().stream().map(j -> j.getResourceOrEmpty().toString()).sorted().toList();
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    /** Our full JID (e.g. {@code random@anon.localhost/random} when anonymous). */
    public String jid() {
        return String.valueOf(connection.getUser());
    }

    public boolean isConnected() {
        return connection.isConnected() && connection.isAuthenticated();
    }

    /** Waits (bounded, 15 s) for a room message matching; returns it. */
    public Line awaitLine(Predicate<Line> match) {
        return await(lines, match);
    }

    /** Waits (bounded) for a message with {@code body} in {@code room}. */
    public Line awaitLine(String room, String body) {
        return awaitLine(l -> l.room().equals(roomJid(room).getLocalpart().toString()) && body.equals(l.body()));
    }

    public Private awaitPrivate(Predicate<Private> match) {
        return await(privates, match);
    }

    public Subject awaitSubject(Predicate<Subject> match) {
        return await(subjects, match);
    }

    public Seen awaitPresence(Predicate<Seen> match) {
        return await(presences, match);
    }

    public Failure awaitFailure(Predicate<Failure> match) {
        return await(failures, match);
    }

    /** What matches in {@code list} now (no waiting). */
    public static <T> List<T> matching(List<T> list, Predicate<T> match) {
        return list.stream().filter(match).toList();
    }

    private <T> T await(List<T> list, Predicate<T> match) {
        return Awaitility.await().atMost(WAIT.toMillis(), TimeUnit.MILLISECONDS).until(() -> {
            drainCollectors();
            return list.stream().filter(match).findFirst();
        }, Optional::isPresent).orElseThrow();
    }

    /** Empties each room's internal message collector (Smack keeps up to 5000 otherwise; we use listeners). */
    private void drainCollectors() {
        for (MultiUserChat muc : rooms.values()) {
            try {
                while (muc.pollMessage() != null) {
                    // drop: the listener recorded it
                }
            } catch (Exception notJoined) {
                // not joined (any more): nothing to drain
            }
        }
    }

    /** Disconnects (the rooms see us leave). Idempotent. */
    @Override
    public void close() {
        connection.disconnect();
    }
}
