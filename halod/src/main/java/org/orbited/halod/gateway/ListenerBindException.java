package org.orbited.halod.gateway;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.BindException;

/**
 * A gateway port could not be bound: the message names the listener, address, port, the reason in words and the
 * configuration key that sets the port; the launcher prints it on one line and exits 1.
 */
public final class ListenerBindException extends Exception {
    private static final long serialVersionUID = 1L;

    ListenerBindException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Binds {@code b} to {@code address:port}, blocking; the bound channel. */
    static Channel bind(AbstractBootstrap<?, ?> b, String address, int port, String listener, String key)
            throws ListenerBindException, InterruptedException {
        ChannelFuture f = b.bind(address, port).await();
        if (f.isSuccess()) {
            return f.channel();
        }
        Throwable c = f.cause();
        String why = c instanceof BindException || String.valueOf(c.getMessage()).contains("in use")
                ? "address already in use" : String.valueOf(c.getMessage());
        throw new ListenerBindException("cannot listen on " + listener + " port " + port + " on " + address + ": "
                + why + " (set by " + key + ")", c);
    }
}
