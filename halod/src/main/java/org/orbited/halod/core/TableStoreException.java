package org.orbited.halod.core;

/** The stored table exists but cannot be used; the gateway refuses to start and logs the message. */
public final class TableStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public TableStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
