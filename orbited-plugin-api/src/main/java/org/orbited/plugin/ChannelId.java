package org.orbited.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A validated Bayeux channel name or subscription pattern (reference section 1.3 and 1.4).
 *
 * <pre>
 * channel  = "/" segment *( "/" segment )          ; case-sensitive, ASCII only
 * segment  = 1*( ALPHA / DIGIT / "-" / "_" / "!" / "~" / "(" / ")" / "$" / "@" )
 * pattern  = *( "/" segment ) "/" ( "*" / "**" )
 * </pre>
 *
 * <p>The grammar is strict on purpose (decision in section 10): CometD's looser set (space, {@code # * + . { }})
 * is refused, so every name we accept is accepted by every client. Bridges escape room names into it with
 * {@link BridgeChannelNames}. Names longer than {@link #MAX_LENGTH} characters are refused.
 *
 * <p>Immutable and thread-safe; equality is by the exact name. {@link #parse} fails with an
 * {@link IllegalArgumentException} naming the offending value; callers that must answer with a Bayeux error
 * pick the code for their context (the node answers {@code 405::channel_invalid} for a publish and
 * {@code 403::subscription_invalid} for a subscription).
 *
 * <p>Part of the plugin API ({@code orbited-plugin-api}): the node's Bayeux server, its configuration and every
 * plugin use this one class, so a name a plugin builds is exactly a name the node accepts.
 */
public final class ChannelId {

    /**
     * Longest accepted name, in characters. Generous enough for a bridged XMPP room: a 1023-byte MUC domain and a
     * 1023-byte localpart, each escaped to at most three characters a byte, under {@code /xmpp/}.
     */
    public static final int MAX_LENGTH = ChannelGrammar.MAX_LENGTH;

    /** How a name matches other names. */
    public enum Wildcard {
        /** A concrete channel: matches only itself and is what messages are published to. */
        NONE,
        /** Ends in {@code /*}: matches exactly one more segment. */
        ONE_SEGMENT,
        /** Ends in {@code /**}: matches one or more further segments. */
        ANY_DEPTH
    }

    /** Which of the three channel families of section 1.5 a name belongs to. */
    public enum Kind {
        /** {@code /meta/...}: the protocol itself, replies to the requester only. */
        META,
        /** {@code /service/...}: request/response, never broadcast. */
        SERVICE,
        /** Everything else: a publish goes to every subscriber. */
        BROADCAST
    }

    private final String name;
    private final String[] segments; // without the wildcard segment
    private final Wildcard wildcard;

    private ChannelId(String name, String[] segments, Wildcard wildcard) {
        this.name = name;
        this.segments = segments;
        this.wildcard = wildcard;
    }

    /**
     * Parses a channel name or pattern.
     *
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    public static ChannelId parse(String name) {
        ChannelGrammar.check(name);
        List<String> parts = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/') {
                parts.add(name.substring(start, i));
                start = i + 1;
            }
        }
        String last = parts.get(parts.size() - 1);
        Wildcard wildcard = last.equals("*") ? Wildcard.ONE_SEGMENT
                : last.equals("**") ? Wildcard.ANY_DEPTH : Wildcard.NONE;
        if (wildcard != Wildcard.NONE) {
            parts.remove(parts.size() - 1);
        }
        return new ChannelId(name, parts.toArray(NO_STRINGS), wildcard);
    }

    private static final String[] NO_STRINGS = new String[0];

    /** Parses a name, or returns empty when it breaks the grammar. */
    public static Optional<ChannelId> tryParse(String name) {
        return ChannelGrammar.problemWith(name) == null ? Optional.of(parse(name)) : Optional.empty();
    }

    /** True when {@code name} is a valid channel name or pattern. */
    public static boolean isValid(String name) {
        return ChannelGrammar.problemWith(name) == null;
    }

    /** True when {@code segment} is one non-wildcard segment of the grammar (no {@code /}, not empty). */
    public static boolean isValidSegment(String segment) {
        if (segment == null || segment.isEmpty() || segment.length() > MAX_LENGTH - 1) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!isSegmentChar(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The characters a segment may hold: ALPHA, DIGIT and {@code - _ ! ~ ( ) $ @}. */
    public static boolean isSegmentChar(char c) {
        return ChannelGrammar.isSegmentChar(c);
    }

    /** The name exactly as parsed. */
    public String name() {
        return name;
    }

    /** Number of segments, counting a final wildcard ({@code /a/*} has depth 2). */
    public int depth() {
        return segments.length + (wildcard == Wildcard.NONE ? 0 : 1);
    }

    /** The segment at {@code index} (0-based); a final wildcard segment reads {@code *} or {@code **}. */
    public String segment(int index) {
        if (index == segments.length && wildcard != Wildcard.NONE) {
            return wildcard == Wildcard.ONE_SEGMENT ? "*" : "**";
        }
        return segments[index];
    }

    public Wildcard wildcard() {
        return wildcard;
    }

    public boolean isWildcard() {
        return wildcard != Wildcard.NONE;
    }

    /** Meta when the first segment is {@code meta} and more follow (as CometD: prefix {@code /meta/}). */
    public Kind kind() {
        if (depth() > 1 && segments.length > 0) {
            if (segments[0].equals("meta")) {
                return Kind.META;
            }
            if (segments[0].equals("service")) {
                return Kind.SERVICE;
            }
        }
        return Kind.BROADCAST;
    }

    public boolean isMeta() {
        return kind() == Kind.META;
    }

    public boolean isService() {
        return kind() == Kind.SERVICE;
    }

    public boolean isBroadcast() {
        return kind() == Kind.BROADCAST;
    }

    /**
     * True when a message published to {@code concrete} reaches a subscription to this id: equal names for a
     * concrete id; one more segment for {@code /*}; one or more for {@code /**}. A pattern never matches a pattern.
     * The match is purely structural: {@code /**} matches {@code /meta/connect} too, and it is the subscription
     * rules (section 1.5) that keep meta and service traffic out of fan-out.
     */
    public boolean matches(ChannelId concrete) {
        if (concrete.isWildcard()) {
            return false;
        }
        switch (wildcard) {
            case NONE:
                return name.equals(concrete.name);
            case ONE_SEGMENT:
                return concrete.segments.length == segments.length + 1 && hasPrefix(concrete);
            default:
                return concrete.segments.length > segments.length && hasPrefix(concrete);
        }
    }

    private boolean hasPrefix(ChannelId concrete) {
        for (int i = 0; i < segments.length; i++) {
            if (!segments[i].equals(concrete.segments[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every pattern that {@link #matches} this concrete channel, for fan-out lookup (as CometD's
     * {@code getWildIds}): for {@code /a/b/c} that is {@code /a/b/*, /a/b/**, /a/**, /**}, deepest first.
     * A pattern has no wildcard ids: the list is empty.
     */
    public List<ChannelId> wildcardIds() {
        if (isWildcard()) {
            return List.of();
        }
        List<ChannelId> ids = new ArrayList<>(segments.length + 1);
        StringBuilder prefix = new StringBuilder(name.length());
        String[] prefixes = new String[segments.length];
        for (int i = 0; i < segments.length; i++) {
            prefixes[i] = prefix.toString();
            prefix.append('/').append(segments[i]);
        }
        for (int i = segments.length - 1; i >= 0; i--) {
            String[] parent = Arrays.copyOf(segments, i);
            if (i == segments.length - 1) {
                ids.add(new ChannelId(prefixes[i] + "/*", parent, Wildcard.ONE_SEGMENT));
            }
            ids.add(new ChannelId(prefixes[i] + "/**", parent, Wildcard.ANY_DEPTH));
        }
        return List.copyOf(ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelId && ((ChannelId) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
