package org.orbited.bridge.common;

/** What the bridges tell about a failure's cause chain (for link failure texts). */
public final class Causes {
    private Causes() {
    }

    /** The message of the deepest cause that has one (the root reason), else the class name of {@code t}. */
    public static String deepestMessage(Throwable t) {
        String message = t.getMessage();
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
