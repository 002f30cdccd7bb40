package org.orbited.bridge.xmpp;

import java.util.concurrent.Executor;
import org.orbited.bridge.common.ReclaimSecret;
import org.orbited.bridge.common.Replies;
import org.orbited.plugin.ServerChannels;
import org.orbited.plugin.ServiceRequest;

/**
 * What happens to a visitor session when its page goes away (docs/xmpp.md "Visitor sessions", "Reclaim"): the session
 * leaves its rooms {@code personal.grace} after its client ended, unless a new page of the same visitor takes it
 * over first with the session's {@code reclaim} secret.
 *
 * <p><b>Takeover.</b> A {@code login} {@code {"nick", "reclaim"}} from a client that is not logged in, naming the nick
 * of a logged-in (or reconnecting) session of this MUC service whose secret it carries, makes that session the new
 * client's: the rooms see no leave and no join, the nick stays. The grace timer is cancelled, the answer is
 * {@code {"ok":true,"nick":...,"reclaimed":true,"reclaim":<a new secret>}} (a secret works once), the session joins
 * the new client's rooms it is not in, and {@link ReclaimSecret#SETTLE} later leaves the rooms the new client has not
 * subscribed to by then. The old client, if still connected, gets a {@code reclaimed} status event on its events
 * channel and is no longer logged in. A wrong secret, another nick, a session still logging in or ended: not a
 * takeover (an ordinary login follows). An account session ({@code user}/{@code password}) is taken over the same
 * way: the secret stands for the credentials the first page gave.
 *
 * <p><b>Threads.</b> The plugin thread; timers only hand back to it.
 */
final class VisitorGrace {
    private final VisitorSessions sessions;
    private final ServerChannels channels;
    private final Executor pluginThread;
    private final long graceMillis;

    VisitorGrace(VisitorSessions sessions, ServerChannels channels, Executor pluginThread, long graceMillis) {
        this.sessions = sessions;
        this.channels = channels;
        this.pluginThread = pluginThread;
        this.graceMillis = graceMillis;
    }

    /** {@code s}'s client ended: the session ends {@code personal.grace} later unless taken over before. */
    void clientEnded(VisitorSession s) {
        int generation = ++s.endGeneration;
        sessions.schedule(() -> pluginThread.execute(() -> {
            if (s.endGeneration == generation) {
                s.quit("web client left", "xmpp_logged_out", "the web client left", null);
            }
        }), graceMillis);
    }

    /**
     * Takes {@code holder} (our session holding the nick asked for, or null) over for {@code r}'s client when
     * {@code r} carries its secret, and answers {@code r}.
     *
     * @return false when this is not a takeover ({@code r} is not answered then)
     */
    boolean tryTakeOver(ServiceRequest r, VisitorSession holder) {
        String secret = Replies.text(r.data(), "reclaim");
        if (holder == null || secret == null || !holder.canBeTakenOver() || holder.clientId.equals(r.clientId())
                || !ReclaimSecret.matches(holder.reclaim, secret)) {
            return false;
        }
        String old = holder.clientId;
        sessions.changeOwner(holder, r.clientId());
        holder.endGeneration++;             // the old client's grace timer does nothing now
        int takeover = ++holder.takeovers;
        holder.reclaim = ReclaimSecret.issue();
        if (channels.client(old).isPresent()) {
            sessions.toClient(old, ReclaimSecret.takenOverEvent(holder.nick(), sessions.now()));
        }
        r.reply(ReclaimSecret.reclaimedAnswer(holder.nick(), holder.reclaim));
        sessions.subscribedRooms(r.clientId()).forEach(holder::join);  // paced; rooms it is in are skipped
        sessions.schedule(() -> pluginThread.execute(() -> settle(holder, takeover)), ReclaimSecret.SETTLE.toMillis());
        return true;
    }

    /** After a takeover has settled: leave the rooms the new client has not subscribed to (unless taken again). */
    private void settle(VisitorSession s, int takeover) {
        if (s.takeovers != takeover || !s.isActive() || channels.client(s.clientId).isEmpty()) {
            // taken over again (its own settle follows), ended or reconnecting (it rejoins what is wanted), or the
            // new client ended too (the session keeps its rooms through the grace, for the next page)
            return;
        }
        for (String room : s.joinedRooms()) {
            if (!sessions.isSubscribed(s.clientId, room)) {
                s.leave(room);
            }
        }
    }
}
