package org.orbited.bridge.irc;

import static org.orbited.bridge.common.Replies.JSON;
import static org.orbited.bridge.common.Replies.failure;
import static org.orbited.bridge.irc.PersonalRequests.answer;
import static org.orbited.bridge.irc.PersonalRequests.lines;
import static org.orbited.bridge.irc.PersonalRequests.split;
import static org.orbited.bridge.common.Replies.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.LoginRateLimit;
import org.orbited.bridge.common.NickSuggestions;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.SayService;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.ClientEndReason;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.ClientListener;
import org.orbited.plugin.Identity;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceRequest;
import org.orbited.plugin.SubscriptionEvent;

/**
 * Personal mode for one network (docs/irc.md "Personal connections"): the services under
 * {@code /service/irc/<net>/} ({@code login}, {@code logout}, {@code nick}, {@code privmsg}, {@code topic}), what
 * logged-in visitors say through the {@link SayService}, and the end of their clients. Each logged-in client has one
 * {@link PersonalConnection}; events for that visitor alone go to it with {@code deliver} on
 * {@code /service/irc/<net>/events}.
 *
 * <p><b>Threads.</b> Every method runs on the plugin's thread (service handlers, listeners, and the connections'
 * callbacks handed over with {@code executor}); timers run on the shared {@code timer} and only hand back. Nothing
 * blocks: logins are answered when the server registers the nick (or refuses it).
 */
final class PersonalSessions implements ClientListener {
    private static final Pattern IRC_NICK = Pattern.compile(IrcOptions.DEFAULT_NICK_PATTERN);

    private final IrcOptions options;
    private final ServerChannels channels;
    private final Executor executor;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Supplier<ChannelMapping> mapping;
    private final NetworkConnection.Timing timing;
    private final SocketFactory sockets;
    private final String service;
    private final Map<String, PersonalConnection> byClient = new java.util.concurrent.ConcurrentHashMap<>(); // read by the policy
    private final Map<String, PersonalConnection> byNick = new HashMap<>();       // folded nick -> connection
    private final Map<String, Set<String>> subscriptions = new HashMap<>();        // clientId -> Bayeux channels
    private volatile FloodQueue<Runnable> channelFlood;                            // the network's, shared
    private volatile PersonalEchoes echoes = new PersonalEchoes(System::nanoTime);
    private final LoginRateLimit loginRate;
    private final PersonalGrace grace;
    /** Personal connections whose threads have not ended yet (plugin thread): what {@code personal.max} bounds. */
    private int live;

    PersonalSessions(IrcOptions options, ServerChannels channels, Executor executor, Clock clock,
                     ScheduledExecutorService timer, Supplier<ChannelMapping> mapping,
                     NetworkConnection.Timing timing, SocketFactory sockets) {
        this.options = options;
        this.channels = channels;
        this.executor = executor;
        this.clock = clock;
        this.timer = timer;
        this.mapping = mapping;
        this.timing = timing;
        this.sockets = sockets;
        this.service = "/service/irc/" + org.orbited.plugin.BridgeChannelNames.escape(options.network()) + "/";
        this.loginRate = new LoginRateLimit(options.personalLoginRate(), 100_000, System::nanoTime);
        this.grace = new PersonalGrace(this, channels, executor, timer, options.personalGrace().toMillis());
    }

    /**
     * The network's per-IRC-channel flood queue ({@link RelayBridge#channelFlood}), which personal lines into a
     * channel pass after their connection's own bucket. Set once before {@link #register}.
     */
    void shareChannelFlood(FloodQueue<Runnable> queue) {
        this.channelFlood = queue;
    }

    FloodQueue<Runnable> channelFlood() {
        return channelFlood;
    }

    /** Registers the services and the client watcher. */
    void register() {
        channels.handleService(service + "login", this::login);
        channels.handleService(service + "logout", this::logout);
        channels.handleService(service + "nick", this::nick);
        channels.handleService(service + "privmsg", this::privmsg);
        channels.handleService(service + "topic", this::topic);
        channels.watchClients(this);
    }

    void stop() {
        List.copyOf(byClient.values()).forEach(c -> c.quit("bridge stopping", "irc_not_connected", "bridge stopped", null));
    }

    /** Completes when every personal connection open now has ended its threads (call after {@link #stop}). */
    java.util.concurrent.CompletableFuture<Void> terminated() {
        return java.util.concurrent.CompletableFuture.allOf(byClient.values().stream()
                .map(PersonalConnection::connection).filter(java.util.Objects::nonNull)
                .map(NetworkConnection::terminated).toArray(java.util.concurrent.CompletableFuture[]::new));
    }

    /** Where the lines personal connections say into channels are announced, for the bridge (see PersonalEchoes). */
    void announceEchoesTo(PersonalEchoes echoes) {
        this.echoes = echoes;
    }

    /**
     * The nick {@code clientId} speaks as, or null when it is not logged in. Safe from any thread: the security
     * policy asks it on the policy executor.
     */
    String personalNick(String clientId) {
        PersonalConnection p = byClient.get(clientId);
        return p == null ? null : p.nick();
    }

    /** True when {@code clientId} is logged in (or logging in): it speaks as itself, not relayed. */
    boolean isLoggedIn(String clientId) {
        return byClient.containsKey(clientId);
    }

    // ---- services ----

    private void login(ServiceRequest r) {
        if (!options.mode().allowsPersonal()) {
            r.reply(failure("irc_personal_disabled", "personal connections are off (mode = relay)", null));
            return;
        }
        if (byClient.containsKey(r.clientId())) {
            r.reply(failure("irc_already_logged_in", "already logged in as " + byClient.get(r.clientId()).nick(), null));
            return;
        }
        Identity who = channels.client(r.clientId()).map(ClientInfo::identity).orElse(Identity.ANONYMOUS);
        String nick = options.nickFromPrincipal() && !who.isAnonymous() ? who.principal() : text(r.data(), "nick");
        if (!validNick(nick)) {
            r.reply(failure("irc_bad_nick", "nick must match " + options.nickPattern().pattern(), null));
            return;
        }
        if (grace.tryTakeOver(r, byNick.get(fold(nick)))) {
            return;  // the same visitor's new page: the connection is its now
        }
        if (byNick.containsKey(fold(nick)) || fold(nick).equals(fold(options.nick()))) {
            r.reply(failure("irc_nick_taken", "the nick " + nick + " is taken", suggest(nick)));
            return;
        }
        // B8: a connection counts until its threads have ended, not until its client logged out
        if (live >= options.personalMax()) {
            r.reply(failure("irc_too_many_connections", "at most " + options.personalMax()
                    + " personal connections on " + options.network() + "; try again later", null));
            return;
        }
        if (!loginRate.tryAcquire(r.clientId())) {
            r.reply(failure("irc_login_rate", "at most " + options.personalLoginRate()
                    + " logins a minute per client; try again later", null));
            return;
        }
        PersonalConnection p = new PersonalConnection(r.clientId(), nick, options, this, executor, timer);
        NetworkConnection.Profile profile = new NetworkConnection.Profile(nick, "web",
                "Orbited web visitor", false, options.network() + "-" + nick);
        byClient.put(r.clientId(), p);
        byNick.put(fold(nick), p);
        NetworkConnection c = new NetworkConnection(options, profile, timing, sockets, p);
        live++;
        c.terminated().whenComplete((ok, e) -> executor.execute(() -> live--));
        p.start(c, r);
    }

    private void logout(ServiceRequest r) {
        PersonalConnection p = byClient.get(r.clientId());
        if (p == null) {
            r.reply(failure("irc_not_logged_in", "not logged in", null));
            return;
        }
        String reason = text(r.data(), "reason");
        try {
            IrcText.checkOutgoing(reason == null ? "logged out" : reason);
        } catch (IrcTextException e) {
            reason = null;
        }
        p.quit(reason == null ? "logged out" : reason, "irc_logged_out", "logged out", null);
        r.reply(JSON.objectNode().put("ok", true));
    }

    private void nick(ServiceRequest r) {
        PersonalConnection p = active(r);
        if (p == null) {
            return;
        }
        String nick = text(r.data(), "nick");
        if (options.nickFromPrincipal() && channels.client(r.clientId()).map(c -> !c.identity().isAnonymous())
                .orElse(false)) {
            r.reply(failure("irc_nick_fixed", "your nick is your login name here", null));
        } else if (!validNick(nick)) {
            r.reply(failure("irc_bad_nick", "nick must match " + options.nickPattern().pattern(), null));
        } else if (byNick.containsKey(fold(nick)) && byNick.get(fold(nick)) != p) {
            r.reply(failure("irc_nick_taken", "the nick " + nick + " is taken", suggest(nick)));
        } else {
            // Nothing is reserved before the server agrees (review 2, B2): the bridge recognises the IRC copy of a
            // personal line by what was said (PersonalEchoes), whatever nick it arrives under.
            p.connection().changeNick(nick);
            r.reply(JSON.objectNode().put("ok", true));  // the change itself arrives as a nick event (or an error)
        }
    }

    private void privmsg(ServiceRequest r) {
        PersonalConnection p = active(r);
        String to = text(r.data(), "to");
        if (p == null) {
            return;
        }
        if (to == null || !IRC_NICK.matcher(to).matches()) {
            r.reply(failure("irc_bad_target", "to must be an IRC nick", null));
            return;
        }
        answer(r, () -> queue(p, to, r.data(), service + "events"));
    }

    private void topic(ServiceRequest r) {
        PersonalConnection p = active(r);
        if (p == null) {
            return;
        }
        String channel = text(r.data(), "channel");
        String topic = text(r.data(), "text");
        answer(r, () -> {
            if (channel == null || !mapping.get().isAllowed(channel) || !p.hasJoined(fold(channel))) {
                throw new Refused("irc_not_subscribed", "subscribe to the channel first");
            }
            if (topic == null) {
                throw new Refused("irc_bad_data", "{\"channel\": \"#name\", \"text\": \"...\"}");
            }
            IrcText.checkOutgoing(topic);
            p.connection().topic(channel, topic);  // the server may refuse (482); the change arrives as a topic event
        });
    }

    private PersonalConnection active(ServiceRequest r) {
        PersonalConnection p = byClient.get(r.clientId());
        if (p == null || !p.isRegistered()) {
            r.reply(failure(p == null ? "irc_not_logged_in" : "irc_not_connected",
                    p == null ? "log in first" : "your IRC connection is not registered now", null));
            return null;
        }
        return p;
    }

    // ---- Bayeux side ----

    /** Tracks every client's subscriptions (a later login rejoins them) and joins/parts for logged-in ones. */
    void onSubscription(SubscriptionEvent e) {
        ChannelId id = ChannelId.tryParse(e.subscription()).orElse(null);
        String irc = ircName(id);
        if (irc == null || e.clientId() == null) {
            return;
        }
        PersonalConnection p = byClient.get(e.clientId());
        if (e.subscribed()) {
            subscriptions.computeIfAbsent(e.clientId(), k -> new LinkedHashSet<>()).add(irc);
            if (p != null && p.isRegistered() && !p.hasJoined(fold(irc))) {  // joined: a page that took it over
                p.connection().join(irc);
            }
        } else {
            Set<String> s = subscriptions.get(e.clientId());
            if (s != null) {
                s.remove(irc);
            }
            if (p != null && p.isRegistered() && channels.client(e.clientId()).isPresent()) {
                p.connection().part(irc);
            }
        }
    }

    /**
     * What logged-in {@code clientId} says in {@code irc} (an allowed channel it is subscribed to) through the say
     * service: its own PRIVMSG (or ACTION), split under its own nick's line budget, through its connection's flood
     * queue.
     *
     * @return the nick IRC users see it under
     * @throws Refused with the code answering the call (nothing was queued then)
     */
    String say(String clientId, String irc, String bayeux, String text, boolean action) throws Refused {
        PersonalConnection p = byClient.get(clientId);
        if (p == null || !p.isRegistered()) {
            throw new Refused("irc_not_connected", "your IRC connection is not registered now");
        }
        if (!p.hasJoined(fold(irc))) {
            throw new Refused("irc_not_joined", "your IRC connection has not joined " + irc + " (yet)");
        }
        PersonalRequests.Personal lines = split(text, action, p.nick(), irc);
        if (p.pending() + lines.pieces().size() > options.floodQueue()) {
            throw new Refused(IrcCodes.CODES.of("flood_queue_full"), "too many of your lines are waiting");
        }
        for (String piece : lines.pieces()) {
            echoes.expect(fold(irc), action, piece);
            p.offer(new PersonalConnection.Line(irc, piece, action, bayeux));
        }
        return p.nick();
    }

    /** Queues a logged-in visitor's publication on its connection (see {@link #lines}). */
    private void queue(PersonalConnection p, String target, JsonNode data, String reportTo) throws Refused {
        PersonalRequests.Personal lines = lines(data, p.nick(), target);
        for (String piece : lines.pieces()) {
            p.offer(new PersonalConnection.Line(target, piece, lines.action(), reportTo));
        }
    }

    // ---- clients ----

    @Override
    public void onEnded(ClientInfo client, ClientEndReason reason) {
        subscriptions.remove(client.clientId());
        loginRate.forget(client.clientId());
        PersonalConnection p = byClient.get(client.clientId());
        if (p != null) {
            grace.clientEnded(p);  // quits after personal.grace unless a new page takes it over
        }
    }

    // ---- for PersonalConnection (plugin thread) ----

    void ended(PersonalConnection p) {
        byClient.remove(p.clientId, p);
        byNick.values().removeIf(c -> c == p);
    }

    /** {@code p} serves {@code clientId} from now on (a takeover, {@link PersonalGrace}). */
    void changeOwner(PersonalConnection p, String clientId) {
        byClient.remove(p.clientId, p);
        p.clientId = clientId;
        byClient.put(clientId, p);
    }

    void nickChanged(PersonalConnection p, String nick) {
        byNick.values().removeIf(c -> c == p);  // one nick per connection: the map stays bounded
        byNick.put(fold(nick), p);
    }

    List<String> subscribedChannels(String clientId) {
        return List.copyOf(subscriptions.getOrDefault(clientId, Set.of()));
    }

    void toClient(String clientId, ObjectNode event) {
        channels.deliver(clientId, service + "events", event);
    }

    void error(String clientId, String channel, String code, String message) {
        channels.deliver(clientId, channel, BridgeEvent.error(code, message, clock.instant()));
    }

    Instant now() {
        return clock.instant();
    }

    String fold(String name) {
        return mapping.get().fold(name);
    }

    /** {@code nick} plus {@code _} and two digits, within 30 characters and not one of our visitors' nicks. */
    String suggest(String nick) {
        return NickSuggestions.suggest(nick, 30, s -> !byNick.containsKey(fold(s)) && validNick(s));
    }

    private boolean validNick(String nick) {
        return nick != null && IRC_NICK.matcher(nick).matches() && options.nickPattern().matcher(nick).matches();
    }

    private String ircName(ChannelId id) {
        if (id == null || id.isWildcard()) {
            return null;
        }
        try {
            return mapping.get().toIrc(id);
        } catch (ChannelRefusedException e) {
            return null;
        }
    }
}
