package org.orbited.bridge.irc;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.orbited.bridge.common.ReclaimSecret;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceRequest;

/**
 * What happens to a personal connection when its page goes away (docs/irc.md "Personal connections", "Reclaim"):
 * the connection quits {@code personal.grace} after its client ended, unless a new page of the same visitor takes it
 * over first with the connection's {@code reclaim} secret.
 *
 * <p><b>Takeover.</b> A {@code login} {@code {"nick", "reclaim"}} from a client that is not logged in, naming the nick
 * of a registered (or reconnecting) personal connection whose secret it carries, makes that connection the new
 * client's: no QUIT, no JOIN, the same nick. The grace timer is cancelled, the answer is
 * {@code {"ok":true,"nick":...,"reclaimed":true,"reclaim":<a new secret>}} (a secret works once), the connection
 * joins the new client's channels it is not in, and {@link ReclaimSecret#SETTLE} later parts the channels the new
 * client has not subscribed to by then. The old client, if it is still connected (a page that navigated away is
 * still a live client for up to the node's {@code max_interval}), is told with a {@code reclaimed} status event on
 * its events channel and is no longer logged in. A wrong secret, another nick, a connection still logging in or
 * already ended: not a takeover (the caller goes on with an ordinary login).
 *
 * <p><b>Threads.</b> The plugin thread; the timers only hand back to it.
 */
final class PersonalGrace {
    private final PersonalSessions sessions;
    private final ServerChannels channels;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final long graceMillis;

    PersonalGrace(PersonalSessions sessions, ServerChannels channels, Executor executor, ScheduledExecutorService timer,
                  long graceMillis) {
        this.sessions = sessions;
        this.channels = channels;
        this.executor = executor;
        this.timer = timer;
        this.graceMillis = graceMillis;
    }

    /** {@code p}'s client ended: it quits {@code personal.grace} later unless taken over (or ended) before. */
    void clientEnded(PersonalConnection p) {
        int generation = ++p.endGeneration;
        timer.schedule(() -> executor.execute(() -> {
            if (p.endGeneration == generation) {
                p.quit("web client left", null, null, null);
            }
        }), graceMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes {@code holder} (the personal connection holding the nick asked for, or null) over for {@code r}'s client
     * when {@code r} carries its secret, and answers {@code r}.
     *
     * @return false when this is not a takeover ({@code r} is not answered then)
     */
    boolean tryTakeOver(ServiceRequest r, PersonalConnection holder) {
        String secret = org.orbited.bridge.common.Replies.text(r.data(), "reclaim");
        if (holder == null || secret == null || holder.state() != PersonalConnection.State.ACTIVE
                || holder.clientId.equals(r.clientId()) || !ReclaimSecret.matches(holder.reclaim, secret)) {
            return false;
        }
        String old = holder.clientId;
        sessions.changeOwner(holder, r.clientId());
        holder.endGeneration++;             // the grace timer of the old client does nothing now
        int takeover = ++holder.takeovers;
        holder.reclaim = ReclaimSecret.issue();
        if (channels.client(old).isPresent()) {
            sessions.toClient(old, ReclaimSecret.takenOverEvent(holder.nick(), sessions.now()));
        }
        r.reply(ReclaimSecret.reclaimedAnswer(holder.nick(), holder.reclaim));
        if (holder.isRegistered()) {
            for (String channel : sessions.subscribedChannels(r.clientId())) {
                if (!holder.hasJoined(sessions.fold(channel))) {
                    holder.connection().join(channel);
                }
            }
        }
        timer.schedule(() -> executor.execute(() -> settle(holder, takeover)), ReclaimSecret.SETTLE.toMillis(),
                TimeUnit.MILLISECONDS);
        return true;
    }

    /** After a takeover has settled: part what the new client has not subscribed to (unless taken over again). */
    private void settle(PersonalConnection p, int takeover) {
        if (p.takeovers != takeover || p.state() != PersonalConnection.State.ACTIVE || !p.isRegistered()
                || channels.client(p.clientId).isEmpty()) {
            // taken over again (its own settle follows), ended, reconnecting (it rejoins what is wanted), or its new
            // client ended too (it keeps its channels through the grace, for the next page)
            return;
        }
        Set<String> wanted = new HashSet<>();
        sessions.subscribedChannels(p.clientId).forEach(c -> wanted.add(sessions.fold(c)));
        List<String> joined = p.joinedChannels();
        for (String channel : joined) {
            if (!wanted.contains(sessions.fold(channel))) {
                p.connection().part(channel);
            }
        }
    }
}
