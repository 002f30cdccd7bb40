package org.orbited.bridge.irc;

import org.pircbotx.PircBotX;

/**
 * The state of one {@link NetworkConnection}'s current attempt, shared by its parts ({@link ConnectionAttempts},
 * {@link ConnectionEvents}, {@link NickRegain} and the connection itself). Every field is volatile: written on the
 * reader or io thread, read on any.
 */
final class LinkState {
    /** The nick to register with next time: the last one we had. */
    volatile String nick;
    /** The current attempt's bot, or null between attempts. */
    volatile PircBotX bot;
    /** The current bot saw 001. */
    volatile boolean registered;
    /** Why the current attempt failed or ended: the first cause known wins. */
    volatile LinkFailure failure;
    /** {@link NetworkConnection#stop} was called. */
    volatile boolean stopped;

    LinkState(String nick) {
        this.nick = nick;
    }

    /** Records why {@code b}'s link failed, unless an earlier, more specific cause is known. Any thread. */
    void fail(PircBotX b, LinkFailure why) {
        if (b == bot && failure == null) {
            failure = why;
        }
    }
}
