package org.orbited.bridge.irc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orbited.plugin.ChannelId;
import org.orbited.plugin.Origin;
import org.orbited.plugin.PublishedMessage;

/**
 * The mirror instances running in this node (this class loader), and the rule that keeps two IRC bridges from
 * carrying each other's publications (docs/irc.md "Mirror mode", "Several instances"). Thread-safe.
 *
 * <p><b>Never carried:</b> a publication made by any IRC-bridge instance, i.e. by plugin {@code irc} or
 * {@code irc.<instance>} ({@link #byIrcBridge}). On a mirrored channel that is always a message some mirror received
 * from IRC and published locally; carrying it again through another instance would give it a new origin and seq,
 * so dedup could not stop it coming back: an echo loop (one copy more per round).
 *
 * <p><b>No overlap:</b> {@link #claim} refuses an instance whose {@code mirror} patterns overlap those of an instance
 * already running here; otherwise one local publication would cross twice (once per instance) and nodes running
 * both would deliver it twice. Only instances sharing this class (one jar, one node) are seen.
 */
final class MirrorInstances {
    private static final Map<Object, Claim> RUNNING = new LinkedHashMap<>();

    private record Claim(String network, List<ChannelId> patterns) {
    }

    private MirrorInstances() {
    }

    /** True when {@code m} was published by an IRC-bridge instance (plugin {@code irc} or {@code irc.*}). */
    static boolean byIrcBridge(PublishedMessage m) {
        String name = m.pluginName();
        return m.origin() == Origin.PLUGIN && name != null
                && (name.equals("irc") || name.startsWith("irc."));
    }

    /**
     * Records the patterns of {@code owner}, the mirror of IRC network {@code network}.
     *
     * @throws IllegalArgumentException naming both instances and patterns when one overlaps a running instance's
     */
    static synchronized void claim(Object owner, String network, List<ChannelId> patterns) {
        for (Claim other : RUNNING.values()) {
            for (ChannelId mine : patterns) {
                for (ChannelId theirs : other.patterns()) {
                    if (MirrorRoutes.intersects(mine, theirs)) {
                        throw new IllegalArgumentException("IRC network " + network + ": mirror '" + mine.name()
                                + "' overlaps '" + theirs.name() + "', mirrored by the IRC bridge of network "
                                + other.network() + " on this node; a channel may be mirrored by one instance only"
                                + " (it would cross twice)");
                    }
                }
            }
        }
        RUNNING.put(owner, new Claim(network, List.copyOf(patterns)));
    }

    /** Forgets {@code owner}'s patterns (at stop; nothing when it never claimed). */
    static synchronized void release(Object owner) {
        RUNNING.remove(owner);
    }
}
