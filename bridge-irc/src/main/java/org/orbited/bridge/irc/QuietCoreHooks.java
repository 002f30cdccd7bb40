package org.orbited.bridge.irc;

import org.orbited.bridge.common.SendWatchdog;
import org.pircbotx.hooks.CoreHooks;
import org.pircbotx.hooks.events.FingerEvent;
import org.pircbotx.hooks.events.PingEvent;
import org.pircbotx.hooks.events.ServerPingEvent;
import org.pircbotx.hooks.events.TimeEvent;
import org.pircbotx.hooks.events.VersionEvent;

/**
 * R6: PircBotX's core listener without its CTCP answers. {@link CoreHooks} answers CTCP VERSION, PING, TIME and
 * FINGER on the reader thread, outside every flood bucket, from every connection that sees the request: one
 * {@code PRIVMSG #chan :\u0001VERSION\u0001} got an answer from the bridge and from each personal connection in the
 * channel, all from the node's address, and each said "PircBotX". The bridge's connections answer no CTCP at all,
 * in a channel or in private (a CTCP still reaches nobody's browser: PircBotX parses it into these events, not into
 * messages). The server's PING is still answered with PONG, through the connection's {@link SendWatchdog}.
 */
final class QuietCoreHooks extends CoreHooks {
    private final SendWatchdog watchdog;

    QuietCoreHooks(SendWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    @Override
    public void onServerPing(ServerPingEvent event) {
        watchdog.run(() -> super.onServerPing(event));
    }

    @Override
    public void onVersion(VersionEvent event) {
        // no answer (see the class comment)
    }

    @Override
    public void onPing(PingEvent event) {
        // no answer
    }

    @Override
    public void onTime(TimeEvent event) {
        // no answer
    }

    @Override
    public void onFinger(FingerEvent event) {
        // no answer
    }
}
