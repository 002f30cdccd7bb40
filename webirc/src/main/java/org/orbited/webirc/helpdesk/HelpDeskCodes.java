package org.orbited.webirc.helpdesk;

/**
 * The help desk's error codes, the {@code code} of every {@code {"ok":false,"code":...,"message":...}} answer
 * (docs/webirc.md "Local mode: the help desk", "Limits and codes"). Stable: widgets and helper tools branch on them.
 * Every code the desk can answer is one of these constants; nothing else in the package spells a code.
 */
public final class HelpDeskCodes {
    /** A field has the wrong type, a required field is missing, a {@code cid} is malformed, or the service does not exist. */
    public static final String BAD_DATA = "helpdesk_bad_data";
    /** The {@code desk} is not one of the configured desks ({@code desks}). */
    public static final String UNKNOWN_DESK = "helpdesk_unknown_desk";
    /** A visitor service other than {@code hello} and {@code leave} before this client's {@code hello}. */
    public static final String NO_HELLO = "helpdesk_no_hello";
    /** The text is empty or only white space. */
    public static final String TEXT_EMPTY = "helpdesk_text_empty";
    /** The text is longer than {@code text.max} characters. */
    public static final String TEXT_TOO_LONG = "helpdesk_text_too_long";
    /** The text has a control character other than line feed and tab, an invisible or bidi character, or a lone surrogate. */
    public static final String TEXT_CONTROL = "helpdesk_text_control";
    /** A name that is empty, too long or has control or invisible characters. */
    public static final String BAD_NAME = "helpdesk_bad_name";
    /** An e-mail address that is not one. */
    public static final String BAD_EMAIL = "helpdesk_bad_email";
    /**
     * Too many lines (or calls) in a short time: {@code visitor.rate}, {@code helper.rate}, or from one client
     * address: {@code address.rate} (new visitors, new conversations, offline messages per minute).
     */
    public static final String RATE = "helpdesk_rate";
    /** A helper service called by a client that has not signed in as a helper. */
    public static final String NOT_HELPER = "helpdesk_not_helper";
    /** A helper sign-in with a wrong key, or with a key while key sign-in is off. */
    public static final String BAD_KEY = "helpdesk_bad_key";
    /** No conversation with that id (never was, or removed to make room). */
    public static final String UNKNOWN_CONVERSATION = "helpdesk_unknown_conversation";
    /**
     * A limit is reached and nothing can be removed to make room: {@code conversations.max} or
     * {@code store.max_bytes} (every conversation answered or with its visitor online, none closed),
     * {@code offline.max}, {@code visitors.max}.
     */
    public static final String FULL = "helpdesk_full";
    /**
     * No longer answered: a visitor's ninth client now replaces its oldest one. Kept so that clients built against
     * it still compile.
     */
    @Deprecated
    public static final String TOO_MANY_CLIENTS = "helpdesk_too_many_clients";

    private HelpDeskCodes() {
    }
}
