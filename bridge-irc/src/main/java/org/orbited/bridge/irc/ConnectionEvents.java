package org.orbited.bridge.irc;

import java.time.Instant;
import java.util.concurrent.Executor;
import org.orbited.bridge.common.BridgeEvent;
import org.orbited.bridge.common.ReconnectBackoff;
import org.pircbotx.PircBotX;
import org.pircbotx.exception.IrcException;
import org.pircbotx.hooks.Event;
import org.pircbotx.hooks.events.ActionEvent;
import org.pircbotx.hooks.events.ConnectAttemptFailedEvent;
import org.pircbotx.hooks.events.ConnectEvent;
import org.pircbotx.hooks.events.DisconnectEvent;
import org.pircbotx.hooks.events.ExceptionEvent;
import org.pircbotx.hooks.events.NickAlreadyInUseEvent;
import org.pircbotx.hooks.events.NickChangeEvent;
import org.pircbotx.hooks.events.NoticeEvent;
import org.pircbotx.hooks.events.PrivateMessageEvent;
import org.pircbotx.hooks.events.ServerResponseEvent;
import org.pircbotx.hooks.events.SocketConnectEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link NetworkConnection} does with each event of its current bot: registration (001), ISUPPORT
 * ({@link ServerIsupport}), refusals, nick changes and 433, private messages, actions and notices, why a link failed
 * ({@link LinkState#fail}), and channel events ({@link IrcEventTranslator}), reported to the
 * {@link NetworkConnection.Callbacks}. Events of a bot already replaced are dropped.
 *
 * <p><b>Threads.</b> {@link #handle} runs on the reader thread, inline (one {@code GenericListenerManager} listener,
 * in order); it never blocks, and hands timer work to the io thread through {@code io}.
 */
final class ConnectionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkConnection.class);  // the connection's log lines

    private final IrcOptions options;
    private final NetworkConnection.Profile profile;
    private final NetworkConnection.Callbacks callbacks;
    private final LinkState link;
    private final ServerIsupport isupport;
    private final NickRegain regain;
    private final ReconnectBackoff backoff;
    private final Executor io;

    /** @param io the io thread; a task it refuses (the connection stopped) is dropped */
    ConnectionEvents(IrcOptions options, NetworkConnection.Profile profile, NetworkConnection.Callbacks callbacks,
                     LinkState link, ServerIsupport isupport, NickRegain regain, ReconnectBackoff backoff,
                     Executor io) {
        this.options = options;
        this.profile = profile;
        this.callbacks = callbacks;
        this.link = link;
        this.isupport = isupport;
        this.regain = regain;
        this.backoff = backoff;
        this.io = io;
    }

    /** On the reader thread, inline; never blocks. */
    void handle(Event event) {
        if (event.getBot() != link.bot) {
            return;  // a late event of a bot already replaced
        }
        if (link.stopped && (event instanceof SocketConnectEvent || event instanceof ConnectEvent)) {
            // R5: stop() ran while DNS or connect was still going (its close found no socket): never stay online
            LOG.debug("IRC {}: connected after stop; closing", profile.threadTag());
            event.getBot().close();
            return;
        }
        if (event instanceof ConnectEvent) {
            link.registered = true;
            backoff.registered();
            link.nick = event.getBot().getNick();
            LOG.info("IRC {}: registered as {}", profile.threadTag(), event.getBot().getNick());
            callbacks.onStatus("connected", null, null);
            callbacks.onRegistered(event.getBot().getNick());
            if (profile.autoNickChange() && !link.nick.equalsIgnoreCase(profile.nick())) {
                PircBotX b = event.getBot();
                io.execute(() -> regain.start(b));
            }
        } else if (event instanceof ServerResponseEvent r && r.getCode() == 5) {
            isupport.read(r.getParsedResponse());
        } else if (event instanceof ServerResponseEvent r && link.registered) {
            IrcRefusal refusal = IrcRefusal.of(r.getCode(), r.getParsedResponse());
            if (refusal != null) {
                callbacks.onRefusal(refusal);
            }
        } else if (event instanceof ExceptionEvent x && !link.registered
                && x.getException() instanceof IrcException) {
            link.fail(x.getBot(), LinkFailure.of(x.getException(), false));  // a 4xx/5xx before 001, e.g. 464
        } else if (event instanceof NickAlreadyInUseEvent n && !profile.autoNickChange()) {
            callbacks.onNickInUse(n.getUsedNick(), link.registered);
        } else if (event instanceof NickChangeEvent n && n.getOldNick().equals(link.nick)) {
            link.nick = n.getNewNick();
            if (link.nick.equalsIgnoreCase(profile.nick())) {
                io.execute(regain::cancel);
            }
            deliver(event);
        } else if (event instanceof NoticeEvent ne && ne.getChannel() == null && link.registered) {
            // N4: a private NOTICE (NickServ, the server) to this connection
            String from = ne.getUser() != null ? ne.getUser().getNick() : ne.getUserHostmask() != null
                    ? ne.getUserHostmask().getNick() : options.host();
            callbacks.onPrivate(BridgeEvent.of(BridgeEvent.Type.NOTICE, null, IrcEventTranslator.name(from),
                    IrcText.stripFormatting(ne.getNotice()), Instant.ofEpochMilli(ne.getTimestamp())));
        } else if (event instanceof PrivateMessageEvent pm) {
            callbacks.onPrivate(BridgeEvent.of(BridgeEvent.Type.MESSAGE, null,
                    IrcEventTranslator.name(pm.getUser().getNick()), IrcText.stripFormatting(pm.getMessage()),
                    Instant.ofEpochMilli(pm.getTimestamp())));
        } else if (event instanceof ActionEvent a && a.getChannel() == null) {
            callbacks.onPrivate(BridgeEvent.of(BridgeEvent.Type.ACTION, null,
                    IrcEventTranslator.name(a.getUser().getNick()), IrcText.stripFormatting(a.getAction()),
                    Instant.ofEpochMilli(a.getTimestamp())));
        } else if (event instanceof ConnectAttemptFailedEvent f) {
            f.getConnectExceptions().values().stream().findFirst()
                    .ifPresent(e -> link.fail(f.getBot(), LinkFailure.of(e, false)));
        } else if (event instanceof DisconnectEvent d) {
            if (d.getDisconnectException() != null) {
                link.fail(d.getBot(), LinkFailure.of(d.getDisconnectException(), link.registered));
            }
        } else {
            deliver(event);
        }
    }

    private void deliver(Event event) {
        IrcEventTranslator.Delivery delivery = IrcEventTranslator.translate(event);
        if (delivery != null) {
            callbacks.onEvent(delivery);
        }
    }
}
