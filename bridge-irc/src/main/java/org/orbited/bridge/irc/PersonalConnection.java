package org.orbited.bridge.irc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.FloodQueueFullException;
import org.orbited.bridge.common.ReclaimSecret;
import org.orbited.bridge.common.Replies;
import org.orbited.plugin.ServiceRequest;

/**
 * One logged-in visitor's own IRC connection (personal mode, docs/irc.md "Personal connections"): a
 * {@link NetworkConnection} registered under the visitor's nick, with PircBotX's automatic nick change off.
 *
 * <p><b>Life.</b> {@code LOGGING_IN} until the server's 001 (the login request is answered {@code ok}) or a 433
 * (answered {@code irc_nick_taken} with a suggestion, and the connection quits) or the first attempt failing
 * (answered {@code irc_not_connected}); then {@code ACTIVE}, reconnecting with backoff on its own like the bridge's
 * connection and rejoining the channels its client is subscribed to; {@code ENDED} after {@link #quit}.
 *
 * <p><b>Threads.</b> The connection's reader/io threads call the {@link NetworkConnection.Callbacks} here, which only
 * hand over to the plugin's {@code executor}; every other method runs on the plugin thread. Outgoing lines go
 * through one {@link FloodQueue} bucket for the whole connection ({@code flood.*}: the server's own flood limit is per
 * connection), then, for a channel, through the network's per-channel bucket ({@code flood.channel.*}, shared with the
 * relay and the other personal connections). A line refused by either full queue is reported to the browser
 * ({@code irc_flood_queue_full}), never dropped silently.
 *
 * <p><b>Owner.</b> The client it serves ({@link #clientId}) changes when another page takes it over with its
 * {@link #reclaim} secret ({@link PersonalGrace}); events and errors always go to the current owner.
 */
final class PersonalConnection implements NetworkConnection.Callbacks {
    enum State { LOGGING_IN, ACTIVE, ENDED }

    /** A line waiting for the flood queue: where it goes, what it is, and where to report a failure. */
    record Line(String target, String text, boolean action, String bayeuxChannel) {
    }

    /** The Bayeux client this connection serves now (a takeover changes it; plugin thread writes). */
    volatile String clientId;
    /** What a takeover must present ({@link org.orbited.bridge.common.ReclaimSecret}); new at every takeover. */
    String reclaim = ReclaimSecret.issue();
    private final PersonalSessions sessions;
    private final Executor executor;
    private final FloodQueue<Line> flood;
    private NetworkConnection connection;
    private ServiceRequest login;           // the login waiting for registration, or null
    private State state = State.LOGGING_IN;
    private volatile String nick; // read by the security policy too
    private boolean everRegistered;
    private final Map<String, String> joined = new HashMap<>();  // folded IRC name -> as spelled, JOIN seen
    int endGeneration;                      // bumped by the client ending / a takeover (grace timer)
    int takeovers;                          // bumped by each takeover (its settle timer)

    PersonalConnection(String clientId, String nick, IrcOptions options, PersonalSessions sessions, Executor executor,
                       ScheduledExecutorService timer) {
        this.clientId = clientId;
        this.nick = nick;
        this.sessions = sessions;
        this.executor = executor;
        this.flood = new FloodQueue<>(IrcCodes.CODES, options.floodRate(), options.floodBurst(), options.floodQueue(),
                (task, nanos) -> timer.schedule(task, nanos, TimeUnit.NANOSECONDS), System::nanoTime,
                (target, line) -> paceInChannel(line));
    }

    void start(NetworkConnection c, ServiceRequest request) {
        this.connection = c;
        this.login = request;
        c.start();
    }

    State state() {
        return state;
    }

    String nick() {
        return nick;
    }

    boolean isRegistered() {
        return state == State.ACTIVE && connection.isRegistered();
    }

    boolean hasJoined(String folded) {
        return joined.containsKey(folded);
    }

    /** The channels whose JOIN was seen, as spelled then. */
    java.util.List<String> joinedChannels() {
        return java.util.List.copyOf(joined.values());
    }

    NetworkConnection connection() {
        return connection;
    }

    /** Lines of this user waiting in the flood queue. */
    int pending() {
        return flood.pending("user");
    }

    /** Queues a checked, split line; throws {@link FloodQueueFullException} when this user's queue is full. */
    void offer(Line line) {
        flood.offer("user", line);
    }

    /** User bucket's sink (under its lock, plugin or timer thread): on to the channel's bucket, or out. */
    private void paceInChannel(Line line) {
        if (!IrcRefusal.isChannelName(line.target())) {
            send(line);
            return;
        }
        try {
            sessions.channelFlood().offer(sessions.fold(line.target()), () -> send(line));
        } catch (FloodQueueFullException full) {
            executor.execute(() -> sessions.error(clientId, line.bayeuxChannel(), full.code(),
                    full.getMessage()));
        }
    }

    private void send(Line line) {
        var sent = line.action() ? connection.action(line.target(), line.text())
                : connection.message(line.target(), line.text());
        sent.whenComplete((ok, failure) -> {
            if (failure != null) {
                executor.execute(() -> sessions.error(clientId, line.bayeuxChannel(), "irc_not_sent",
                        "not sent to IRC: " + failure.getMessage()));
            }
        });
    }

    /** Quits with {@code reason}; answers a pending login with {@code code} when given. Plugin thread. */
    void quit(String reason, String code, String message, String suggestion) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        if (login != null && code != null) {
            login.reply(Replies.failure(code, message, suggestion));
        }
        login = null;
        connection.stop(reason);
        sessions.ended(this);
    }

    // ---- connection callbacks (reader/io threads): hand over to the plugin thread ----

    @Override
    public void onStatus(String status, String reason) {
        onStatus(status, null, reason);
    }

    @Override
    public void onStatus(String status, String code, String reason) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                return;
            }
            if ("disconnected".equals(status)) {
                joined.clear();
                if (!everRegistered) {
                    boolean plain = code == null || code.equals(LinkFailure.CONNECT_FAILED)
                            || code.equals(LinkFailure.CONNECTION_LOST);
                    quit("login failed", plain ? "irc_not_connected" : code, "could not register with IRC: " + reason,
                            null);
                    return;
                }
            }
            ObjectNode o = BridgeEvent.status(null, status, reason, sessions.now()).toJson();
            o.put("nick", nick);
            if (code != null) {
                o.put("code", code);
            }
            sessions.toClient(clientId, o);
        });
    }

    /** The server refused something this visitor did (a join, a topic, a message...): to its browser alone. */
    @Override
    public void onRefusal(IrcRefusal refusal) {
        executor.execute(() -> {
            if (state != State.ENDED) {
                sessions.toClient(clientId, refusal.toJson(sessions.now()));
            }
        });
    }

    @Override
    public void onRegistered(String registeredNick) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                return;
            }
            nick = registeredNick;
            everRegistered = true;
            sessions.nickChanged(this, registeredNick);
            if (login != null) {
                ObjectNode ok = Replies.JSON.objectNode();
                ok.put("ok", true);
                ok.put("nick", registeredNick);
                ok.put("reclaim", reclaim);
                login.reply(ok);
                login = null;
            }
            state = State.ACTIVE;
            connection.joinAll(sessions.subscribedChannels(clientId));  // batched, paced JOIN lines
        });
    }

    @Override
    public void onCaseMapping(CaseMapping caseMapping) {
        // the bridge's own connection follows the server's CASEMAPPING for the whole network
    }

    @Override
    public void onNickInUse(String used, boolean wasRegistered) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                return;
            }
            String suggestion = sessions.suggest(used);
            if (!everRegistered) {
                quit("nick taken", "irc_nick_taken", "the nick " + used + " is taken on IRC", suggestion);
            } else if (!wasRegistered) {
                connection.retryNick(suggestion);  // reconnecting and our nick is held (e.g. our own ghost)
            } else {
                ObjectNode e = BridgeEvent.error("irc_nick_taken", "the nick " + used + " is taken on IRC",
                        sessions.now());
                e.put("suggestion", suggestion);
                sessions.toClient(clientId, e);
            }
        });
    }

    @Override
    public void onPrivate(BridgeEvent event) {
        executor.execute(() -> {
            if (state != State.ENDED) {
                sessions.toClient(clientId, event.toJson());
            }
        });
    }

    @Override
    public void onEvent(IrcEventTranslator.Delivery d) {
        executor.execute(() -> {
            if (state == State.ENDED) {
                return;
            }
            BridgeEvent e = d.event();
            boolean mine = nick.equals(e.sender());
            switch (e.type()) {
                case JOIN -> {
                    if (mine) {
                        joined.put(sessions.fold(e.channel()), e.channel());
                        sessions.toClient(clientId, e.toJson());
                    }
                }
                case KICK -> {
                    if (nick.equals(e.nick())) {  // kicked: the say service refuses (irc_not_joined) until a rejoin
                        joined.remove(sessions.fold(e.channel()));
                        sessions.toClient(clientId, e.toJson());
                    }
                }
                case PART -> {
                    if (mine) {
                        joined.remove(sessions.fold(e.channel()));
                        sessions.toClient(clientId, e.toJson());
                    }
                }
                case NICK -> {
                    if (mine) {
                        nick = e.nick();
                        sessions.nickChanged(this, e.nick());
                        sessions.toClient(clientId, e.toJson());
                    }
                }
                // what this visitor sees on joining: the member list and the topic, to it alone (the bridge's
                // own connection publishes the channel's traffic to every subscriber)
                case NAMES, TOPIC -> sessions.toClient(clientId, e.toJson());
                default -> {
                }
            }
        });
    }
}
