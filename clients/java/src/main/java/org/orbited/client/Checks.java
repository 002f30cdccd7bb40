package org.orbited.client;

/** Shared validation for recipient values. */
final class Checks {
    private Checks() {
    }

    /** Throws naming {@code what} and {@code value} if {@code value} holds a control character. */
    static void requireNoControl(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " \"" + value.replace("\r", "\\r").replace("\n", "\\n")
                        + "\" contains a control character (U+" + String.format("%04X", (int) value.charAt(i))
                        + "), which an Orbit header line cannot carry");
            }
        }
    }

    /** {@code s} with CR and LF made visible and cut to {@code max} characters, for messages. */
    static String printable(String s, int max) {
        String p = s.replace("\r", "\\r").replace("\n", "\\n");
        return p.length() <= max ? p : p.substring(0, max) + "...(" + s.length() + " chars)";
    }
}
