package org.orbited.node.plugin;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.Registration;

/**
 * The reserved bridge namespaces ({@code /irc/**}, {@code /xmpp/**}) and which parts of them started plugin instances
 * claim ({@link org.orbited.plugin.PluginContext#claimChannels}). A client may subscribe or publish under a reserved
 * root only where a claim whose guard holds (its instance is started) covers the name; everywhere else the node
 * refuses with {@link #REFUSAL}. So a bridge that is stopped, inactive or failed to start leaves its namespace closed
 * rather than open to any subscribe or publish, and a network or service no bridge serves is refused outright.
 *
 * <p>A claim is a concrete channel or a {@code /**} pattern under a reserved root. It covers a concrete channel it
 * matches, and a client pattern all of whose channels it matches ({@code /irc/local/**} covers {@code /irc/local/*}
 * and {@code /irc/local/**}, not {@code /irc/**}). Thread-safe, lock-free reads; cheap enough for an I/O thread
 * (no plugin code runs).
 */
public final class ChannelClaims {
    /** The denial reason: {@code 403:unclaimed_channel:subscribe_denied} / {@code ...:publish_denied}. */
    public static final String REFUSAL = "unclaimed_channel";

    private record Claim(String owner, ChannelId pattern, BooleanSupplier applies) {
    }

    private final CopyOnWriteArrayList<Claim> claims = new CopyOnWriteArrayList<>();

    /**
     * Whether {@code id} lies under a reserved root: its first segment is {@code irc} or {@code xmpp}. The patterns
     * {@code /*} and {@code /**} are not (they only receive what bridges publish to allowed channels).
     */
    public static boolean isReserved(ChannelId id) {
        return isRoot(id.segment(0));
    }

    private static boolean isRoot(String segment) {
        return segment.equals(BridgeChannelNames.IRC_ROOT) || segment.equals(BridgeChannelNames.XMPP_ROOT);
    }

    /**
     * Claims {@code pattern} for plugin instance {@code owner} while {@code applies} holds.
     *
     * @throws IllegalArgumentException when {@code pattern} is not under a reserved root, or is a {@code /*} pattern
     */
    public Registration add(String owner, String pattern, BooleanSupplier applies) {
        ChannelId id = ChannelId.parse(pattern);
        if (!isReserved(id) || id.depth() < 2) {
            throw new IllegalArgumentException("claim '" + pattern + "' is not under /" + BridgeChannelNames.IRC_ROOT
                    + "/ or /" + BridgeChannelNames.XMPP_ROOT + "/");
        }
        if (id.wildcard() == ChannelId.Wildcard.ONE_SEGMENT) {
            throw new IllegalArgumentException("claim '" + pattern + "' must be a channel or end in /**");
        }
        Claim c = new Claim(Objects.requireNonNull(owner, "owner"), id, Objects.requireNonNull(applies, "applies"));
        claims.add(c);
        return () -> claims.remove(c);
    }

    /** Whether a client may use {@code id}: it is outside the reserved roots, or a live claim covers it. */
    public boolean allows(ChannelId id) {
        if (!isReserved(id)) {
            return true;
        }
        for (Claim c : claims) {
            if (covers(c.pattern(), id) && c.applies().getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    /** Claims registered now (guard holding or not); for tests. */
    int size() {
        return claims.size();
    }

    static boolean covers(ChannelId claim, ChannelId id) {
        if (!id.isWildcard()) {
            return claim.matches(id);
        }
        if (!claim.isWildcard()) {
            return false;
        }
        int claimFixed = claim.depth() - 1;
        int idFixed = id.depth() - 1;
        if (idFixed < claimFixed) {
            return false;
        }
        for (int i = 0; i < claimFixed; i++) {
            if (!claim.segment(i).equals(id.segment(i))) {
                return false;
            }
        }
        return true;
    }
}
