package org.orbited.halod.core;

/** The stored table was made with another {@code assign.policy} or N; start-up stops unless rebuilt. */
public final class TableMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public TableMismatchException(String message) {
        super(message);
    }
}
