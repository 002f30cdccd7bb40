package org.orbited.bridge.xmpp;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatException;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.orbited.bridge.common.ReconnectBackoff;
import org.orbited.bridge.common.SendWatchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's own occupant: one XMPP connection (account {@code sasl.user}, or anonymous on {@code anon.domain}),
 * kept up until {@link #stop}; the sibling of IRC's {@code NetworkConnection}.
 *
 * <p><b>Threads.</b> Every blocking Smack call (join, leave, send, disconnect) runs on one daemon thread
 * {@code <section>-io} ({@code xmpp-io}, {@code xmpp.support-io}), so they are serialised and never block the
 * caller; connect and login run on a short-lived thread of their own per attempt ({@code <section>-login}), so a
 * timeout ends the attempt at once. Methods here return at once
 * (futures complete on the io thread). Timers (registration timeout, backoff, the collector drain) run on
 * {@code <section>-timer}, which never blocks and hands work to the io thread. Smack's own threads (reader,
 * writer, its cached executor) deliver room stanzas to {@link Callbacks#onStanza}, translated and copied first
 * ({@link XmppEventTranslator}), in order.
 *
 * <p><b>Reconnect.</b> Smack's {@code ReconnectionManager} is off and Smack's MUC auto-join is never used (it stops
 * at the first room after a server restart). Each attempt builds a fresh {@code XMPPTCPConnection}
 * ({@link XmppConfigs#bridge}); one that is not logged in within {@code register.timeout} is shut down. When an
 * attempt fails or an authenticated link ends, the link reports {@code disconnected} with a
 * {@link XmppLinkFailure} code, then {@code reconnecting} ({@code in N ms}), and tries again after the shared
 * {@link ReconnectBackoff} delay ({@code reconnect.min * 2^(n-1)}, at most {@code reconnect.max}, 20 % jitter);
 * a login resets it. Rejoining rooms is the caller's job, on {@link Callbacks#onAuthenticated}. A silent link is
 * found by XMPP pings every {@link #PING_SECONDS} s; a send pending over {@link #SEND_TIMEOUT} shuts the connection
 * down ({@link SendWatchdog}).
 *
 * <p><b>Rooms.</b> {@link #join} and {@link #leave} use Smack's {@code MultiUserChat} (one per room, strongly held:
 * the manager keeps them weakly); its internal message collector, which would keep up to 5000 stanzas per room, is
 * drained every {@link #DRAIN_SECONDS} s.
 *
 * <p><b>Stop.</b> {@link #stop} disconnects (the rooms see a normal leave), shuts the connection down 2 s later
 * if that did not finish, and ends both threads.
 */
final class XmppLink {
    private static final Logger LOG = LoggerFactory.getLogger(XmppLink.class);

    /** A send pending this long closes the connection; the usual reconnect follows. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** The send watchdog's checking thread, shared in the plugin's class loader. */
    static final String WATCHDOG_THREAD = "xmpp-send-watchdog";
    /** XMPP ping interval of the occupant's connection (Smack's default is 30 min). */
    static final int PING_SECONDS = 60;
    /** How often the rooms' message collectors are emptied. */
    static final int DRAIN_SECONDS = 5;

    /** What the link reports; called on the io, timer or a Smack thread; must not block. */
    interface Callbacks {
        /** {@code connecting}, {@code connected}, {@code disconnected} (with a code) or {@code reconnecting}. */
        void onStatus(String status, String code, String reason);

        /** Logged in as {@code jid} (a fresh session: no room is joined): join the wanted rooms. */
        void onAuthenticated(String jid);

        /** A stanza from a room of the MUC service, translated (Smack thread, in order). */
        void onStanza(XmppEventTranslator.Incoming incoming);
    }

    /** Why a join failed: a room refusal (code from {@link XmppRefusal}) or the link. */
    static final class JoinFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient XmppRefusal refusal;  // null: no answer or no link

        JoinFailure(XmppRefusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }
    }

    private final XmppOptions options;
    private final Callbacks callbacks;
    private final Clock clock;
    private final String tag;
    private final ScheduledThreadPoolExecutor io;
    private final ScheduledThreadPoolExecutor timer;
    private final ReconnectBackoff backoff;
    private final SendWatchdog watchdog;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Map<String, MultiUserChat> rooms = new HashMap<>();  // io thread: room localpart -> its MUC
    private volatile XMPPTCPConnection current;   // the attempt's connection (null between attempts)
    private volatile boolean authenticated;
    private volatile boolean stopped;
    private volatile XmppLinkFailure failure;      // set by a timeout or ping before the connection ends

    XmppLink(XmppOptions options, Callbacks callbacks, Clock clock) {
        this.options = options;
        this.callbacks = callbacks;
        this.clock = clock;
        this.tag = options.tag();
        this.io = executor(tag + "-io");
        this.timer = executor(tag + "-timer");
        this.backoff = new ReconnectBackoff(options.reconnectMin(), options.reconnectMax());
        this.watchdog = new SendWatchdog(WATCHDOG_THREAD, SEND_TIMEOUT, () -> {
            XMPPTCPConnection c = current;
            LOG.warn("XMPP {}: a send has been pending over {} s; closing the connection", tag,
                    SEND_TIMEOUT.toSeconds());
            if (c != null) {
                failure = new XmppLinkFailure(XmppLinkFailure.CONNECTION_LOST, "a send was pending over "
                        + SEND_TIMEOUT.toSeconds() + " s");
                c.instantShutdown();
            }
        });
    }

    private static ScheduledThreadPoolExecutor executor(String name) {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(null, r, name, 512 * 1024);
            t.setDaemon(true);
            return t;
        });
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** Starts connecting (on the io thread); returns at once. */
    void start() {
        watchdog.start();
        execute(this::attempt);
        timer.scheduleWithFixedDelay(() -> execute(this::drain), DRAIN_SECONDS, DRAIN_SECONDS, TimeUnit.SECONDS);
    }

    /** True while logged in. */
    boolean isAuthenticated() {
        return authenticated && current != null;
    }

    /** Completes once stopped and both threads have ended. */
    CompletableFuture<Void> terminated() {
        return terminated;
    }

    // ---- attempts (io thread) ----

    private void attempt() {
        if (stopped) {
            return;
        }
        failure = null;
        authenticated = false;
        rooms.clear();
        callbacks.onStatus("connecting", null, null);
        LOG.info("XMPP {}: connecting to {}:{} as {}", tag, options.host(), options.port(),
                options.anonymousOccupant() ? "anonymous@" + options.anonDomain() : options.saslUser() + "@"
                        + options.domain());
        XMPPTCPConnection c;
        try {
            c = XmppConfigs.newConnection(XmppConfigs.bridge(options), options);
        } catch (Exception e) {  // the host name does not resolve, the trust store is unreadable
            failure = XmppLinkFailure.of(e, false, options.anonymousOccupant());
            ended(null);
            return;
        }
        current = c;
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                LOG.debug("XMPP {}: connection closed on error: {}", tag, e.toString());
                if (current == c && failure == null) {  // never a late report of an older attempt
                    failure = XmppLinkFailure.of(e, authenticated, options.anonymousOccupant());
                }
                execute(() -> ended(c));
            }
        });
        String muc = options.muc();
        StanzaFilter fromMuc = s -> s.getFrom() != null && s.getFrom().getDomain().toString().equals(muc)
                && (s instanceof Message || s instanceof Presence);
        c.addStanzaListener(stanza -> {
            XmppEventTranslator.Incoming in = XmppEventTranslator.translate(stanza, muc, clock.instant());
            if (in != null) {
                callbacks.onStanza(in);
            }
        }, fromMuc);
        PingManager ping = PingManager.getInstanceFor(c);
        ping.setPingInterval(PING_SECONDS);
        ping.registerPingFailedListener(() -> {
            if (current == c) {
                failure = new XmppLinkFailure(XmppLinkFailure.CONNECTION_LOST, "the server stopped answering pings");
                c.instantShutdown();
                execute(() -> ended(c));
            }
        });
        var timeout = timer.schedule(() -> execute(() -> {
            if (current == c && !authenticated) {
                // Reported at once. The connection itself cannot be shut down now: Smack's connect() holds its
                // monitor while it waits (up to reply.timeout); the login thread shuts it down when that returns.
                failure = XmppLinkFailure.registrationTimeout(options.registerTimeout());
                ended(c);
            }
        }), options.registerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // connect + STARTTLS + SASL + bind block: on a thread of their own, so the io thread stays free and a
        // timeout can end the attempt at once
        Thread login = new Thread(null, () -> login(c, timeout), tag + "-login", 512 * 1024);
        login.setDaemon(true);
        login.start();
    }

    /** Connects and logs in (the attempt's own thread), then hands the outcome to the io thread. */
    private void login(XMPPTCPConnection c, java.util.concurrent.ScheduledFuture<?> timeout) {
        Runnable outcome;
        try {
            c.connect();
            c.login();
            outcome = () -> loggedIn(c, timeout);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            XmppLinkFailure why = XmppLinkFailure.of(e, false, options.anonymousOccupant());
            outcome = () -> {
                timeout.cancel(false);
                if (current == c && failure == null) {
                    failure = why;
                }
                c.instantShutdown();
                ended(c);
            };
        }
        try {
            io.execute(outcome);
        } catch (RejectedExecutionException stopped) {
            c.instantShutdown();  // the link stopped meanwhile
        }
    }

    /** The attempt {@code c} logged in (io thread). */
    private void loggedIn(XMPPTCPConnection c, java.util.concurrent.ScheduledFuture<?> timeout) {
        timeout.cancel(false);
        if (current != c || stopped) {
            c.instantShutdown();  // timed out or stopped meanwhile
            return;
        }
        authenticated = true;
        backoff.registered();
        String jid = String.valueOf(c.getUser());
        LOG.info("XMPP {}: logged in as {}", tag, jid);
        callbacks.onStatus("connected", null, null);
        callbacks.onAuthenticated(jid);
    }

    /** An attempt or link {@code c} ended (io thread); null: no connection was made. */
    private void ended(XMPPTCPConnection c) {
        if (c != null && current != c) {
            return;  // reported already
        }
        boolean wasAuthenticated = authenticated;
        current = null;
        authenticated = false;
        rooms.clear();
        XmppLinkFailure why = failure != null ? failure : new XmppLinkFailure(wasAuthenticated
                ? XmppLinkFailure.CONNECTION_LOST : XmppLinkFailure.CONNECT_FAILED, "connection closed");
        failure = null;
        callbacks.onStatus("disconnected", why.code(), why.reason());
        if (stopped) {
            terminate();
            return;
        }
        if (why.isConfiguration()) {
            LOG.warn("XMPP {}: {} ({}:{}): {}", tag, why.code(), options.host(), options.port(), why.reason());
        }
        long delay = backoff.next(wasAuthenticated);
        LOG.info("XMPP {}: disconnected ({}: {}); reconnecting in {} ms", tag, why.code(), why.reason(), delay);
        callbacks.onStatus("reconnecting", null, "in " + delay + " ms");
        try {
            timer.schedule(() -> execute(this::attempt), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            terminate();
        }
    }

    // ---- rooms and sends ----

    /**
     * Joins {@code room} as {@code nick}, asking for {@code history} stanzas of history (0: none). Completes when the
     * room has answered (its occupants and our own presence have been delivered to {@link Callbacks#onStanza}),
     * exceptionally with a {@link JoinFailure}.
     */
    CompletableFuture<Void> join(EntityBareJid room, String nick, int history) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(done, () -> {
            XMPPTCPConnection c = connected();
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
            rooms.put(room.getLocalpart().toString(), muc);
            MucEnterConfiguration.Builder b;
            try {
                b = muc.getEnterConfigurationBuilder(Resourcepart.from(nick));
            } catch (XmppStringprepException e) {
                throw new JoinFailure(new XmppRefusal(XmppRefusal.BAD_NICK, "jid-malformed", e.getMessage()),
                        e.getMessage());
            }
            b = history > 0 ? b.requestMaxStanzasHistory(history) : b.requestNoHistory();
            try {
                muc.join(b.timeoutAfter(options.replyTimeout().toMillis()).build());
            } catch (XMPPException.XMPPErrorException e) {
                XmppRefusal r = XmppRefusal.of(e.getStanzaError(), XmppRefusal.What.JOIN);
                throw new JoinFailure(r, r.message());
            } catch (SmackException.NoResponseException e) {
                throw new JoinFailure(null, "the room did not answer within " + options.replyTimeout().toMillis()
                        + " ms");
            } catch (MultiUserChatException.NotAMucServiceException e) {
                throw new JoinFailure(new XmppRefusal(XmppRefusal.NO_SUCH_ROOM, "item-not-found",
                        room.getDomain() + " is not a MUC service"), e.getMessage());
            }
            return null;
        });
        return done;
    }

    /** Leaves {@code room} if joined (the room sees a normal leave). */
    CompletableFuture<Void> leave(EntityBareJid room) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(done, () -> {
            MultiUserChat muc = rooms.remove(room.getLocalpart().toString());
            XMPPTCPConnection c = current;
            if (muc != null && c != null && c.isAuthenticated() && muc.isJoined()) {
                try {
                    muc.leave();
                } catch (MultiUserChatException.MucNotJoinedException | SmackException.NoResponseException
                         | XMPPException.XMPPErrorException e) {
                    LOG.debug("XMPP {}: leaving {}: {}", tag, room, e.toString());
                }
            }
            return null;
        });
        return done;
    }

    /** Forgets {@code room}'s MUC (the room removed us: kicked, banned, destroyed); io thread. */
    void forget(EntityBareJid room) {
        execute(() -> rooms.remove(room.getLocalpart().toString()));
    }

    /**
     * Sends a groupchat message with our own stanza id {@code id} and {@code body} (already checked by
     * {@link XmppText#checkOutgoing}) to {@code room}. Completes when written to Smack's writer.
     */
    CompletableFuture<Void> sendGroupchat(EntityBareJid room, String id, String body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(done, () -> {
            XMPPTCPConnection c = connected();
            Message m = StanzaBuilder.buildMessage(id).to(room)
                    .ofType(Message.Type.groupchat).setBody(body).build();
            send(c, m);
            return null;
        });
        return done;
    }

    /** Sets {@code room}'s subject (already checked). */
    CompletableFuture<Void> changeSubject(EntityBareJid room, String id, String subject) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(done, () -> {
            XMPPTCPConnection c = connected();
            Message m = StanzaBuilder.buildMessage(id).to(room)
                    .ofType(Message.Type.groupchat).setSubject(subject).build();
            send(c, m);
            return null;
        });
        return done;
    }

    private void send(XMPPTCPConnection c, Message m) throws Exception {
        Exception[] failed = new Exception[1];
        watchdog.run(() -> {
            try {
                c.sendStanza(m);
            } catch (SmackException.NotConnectedException e) {
                failed[0] = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    private XMPPTCPConnection connected() throws IllegalStateException {
        XMPPTCPConnection c = current;
        if (c == null || !authenticated || !c.isAuthenticated()) {
            throw new IllegalStateException("not connected to XMPP now");
        }
        return c;
    }

    /** Empties every room's message collector (the bridge reads rooms through its own listener). */
    private void drain() {
        for (MultiUserChat muc : rooms.values()) {
            try {
                for (int i = 0; i < 10_000 && muc.pollMessage() != null; i++) {
                    // discarded: already delivered to the stanza listener
                }
            } catch (MultiUserChatException.MucNotJoinedException notJoined) {
                // no collector
            }
        }
    }

    /** The bare JID the occupant is logged in as, or null. */
    Jid user() {
        XMPPTCPConnection c = current;
        return c == null ? null : c.getUser();
    }

    // ---- stop ----

    /** Disconnects and ends the threads; returns at once. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            io.execute(() -> {
                XMPPTCPConnection c = current;
                if (c == null || !authenticated) {
                    terminate();  // between attempts, or logging in: the login thread shuts its connection down
                    return;
                }
                var force = timer.schedule(c::instantShutdown, 2, TimeUnit.SECONDS);
                try {
                    c.disconnect();  // unavailable presence: the rooms see us leave
                } catch (RuntimeException e) {
                    LOG.debug("XMPP {}: disconnect: {}", tag, e.toString());
                }
                force.cancel(false);
                current = null;
                callbacks.onStatus("disconnected", null, "stopped");
                terminate();
            });
        } catch (RejectedExecutionException already) {
            terminate();
        }
    }

    private void terminate() {
        watchdog.stop();
        timer.shutdownNow();
        io.shutdown();
        terminated.complete(null);
    }

    private interface IoCall {
        Object call() throws Exception;
    }

    private void execute(Runnable task) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the link stopped
        }
    }

    private void execute(CompletableFuture<Void> done, IoCall call) {
        try {
            io.execute(() -> {
                try {
                    call.call();
                    done.complete(null);
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("the XMPP link has stopped"));
        }
    }
}
