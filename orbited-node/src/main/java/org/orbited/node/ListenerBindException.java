package org.orbited.node;

import java.net.BindException;
import java.util.Locale;

/**
 * A listener could not be bound: says which listener, which address and port, why in words, and which
 * configuration key and flag set the port, instead of a transport's stack trace. {@link Main} prints the
 * message on one line and exits with status 1.
 */
public final class ListenerBindException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The bind step itself: returns the bound port. */
    @FunctionalInterface
    interface Bind {
        int bind() throws Exception;
    }

    ListenerBindException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Runs {@code bind}; turns its failure into a {@code ListenerBindException} naming the listener
     * ({@code "HTTP"}), its address and port, and the configuration keys and flags that set them
     * ({@code prefix} {@code "http"} names {@code http.port}/{@code --http-port} and {@code http.bind}/{@code --http-bind}).
     */
    static int bind(String listener, String address, int port, String prefix, Bind bind) throws Exception {
        try {
            return bind.bind();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new ListenerBindException(describe(listener, address, port, prefix, e), e);
        }
    }

    static String describe(String listener, String address, int port, String prefix, Throwable e) {
        String where = listener + " port " + port + " on " + address;
        String fix = " (the port is set by the key " + prefix + ".port or the flag --" + prefix + "-port)";
        String reason = reason(e);
        if (reason.contains("address already in use")) {
            return where + " is already in use by another process" + fix;
        }
        if (reason.contains("permission denied") || reason.contains("access denied")) {
            return "no permission to listen on " + where + (port < 1024 ? ": ports below 1024 need root or"
                    + " CAP_NET_BIND_SERVICE" : "") + fix;
        }
        if (reason.contains("cannot assign requested address")) {
            return "cannot listen on " + where + ": this machine has no such address (the address is set by the key "
                    + prefix + ".bind or the flag --" + prefix + "-bind)";
        }
        return "cannot listen on " + where + ": " + firstMessage(e) + fix;
    }

    /** The failure's messages down the cause chain, lower case; a {@link BindException} counts as in use. */
    private static String reason(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                all.append(t.getMessage().toLowerCase(Locale.ROOT)).append('\n');
            }
            if (t instanceof BindException && t.getMessage() == null) {
                all.append("address already in use\n");
            }
        }
        return all.toString();
    }

    private static String firstMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
