package org.orbited.bridge.irc;

/**
 * Text from a browser that may not go to IRC, with a machine-readable {@link Reason} (the later Bayeux error reply
 * carries {@link Reason#code()}) and the UTF-16 offset of the offending character, or -1 when the text as a whole is
 * at fault.
 */
public final class IrcTextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Why text was refused. Codes are stable: browsers may match on them. */
    public enum Reason {
        /** CR, LF or NUL: would end or truncate the IRC line (command injection). */
        LINE_BREAK("irc_text_line_break"),
        /** Another C0 control (or DEL) that is not an allowed formatting code, CTCP's 0x01 included. */
        CONTROL_CHARACTER("irc_text_control"),
        /** A UTF-16 surrogate without its pair: it has no UTF-8 encoding. */
        LONE_SURROGATE("irc_text_lone_surrogate"),
        /** An invisible format character: a bidi override or isolate, a zero-width or blank character. */
        INVISIBLE("irc_text_invisible"),
        /** Empty text: IRC has no empty PRIVMSG. */
        EMPTY("irc_text_empty"),
        /** More lines after splitting than the caller allows. */
        TOO_LONG("irc_text_too_long");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable error code, e.g. {@code irc_text_line_break}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final int offset;

    IrcTextException(Reason reason, int offset, String message) {
        super(message);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** UTF-16 index of the offending character, or -1. */
    public int offset() {
        return offset;
    }
}
