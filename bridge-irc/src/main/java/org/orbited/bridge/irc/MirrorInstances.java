package org.orbited.bridge.irc;

import org.orbited.plugin.Origin;
import org.orbited.plugin.PublishedMessage;

/**
 * The rule that keeps two IRC bridges from carrying each other's publications (docs/irc.md "Mirror mode", "Several instances"). Thread-safe.
 *
 * <p><b>Never carried:</b> a publication made by any IRC-bridge instance, i.e. by plugin {@code irc} or
 * {@code irc.<instance>} ({@link #byIrcBridge}). On a mirrored channel that is always a message some mirror received
 * from IRC and published locally; carrying it again through another instance would give it a new origin and seq,
 * so dedup could not stop it coming back: an echo loop (one copy more per round).
 *
 * <p><b>Overlap:</b> two instances of one node whose {@code mirror} patterns overlap each carry a local publication
 * (it crosses twice, and nodes running both deliver it twice). That cannot be refused at start (nothing tells
 * which node an instance belongs to: several nodes may share one JVM), so the first publication by another
 * instance heard on a mirrored channel is logged ({@code by_irc_bridge}, WARN naming the instance).
 */
final class MirrorInstances {
    private MirrorInstances() {
    }

    /** True when {@code m} was published by an IRC-bridge instance (plugin {@code irc} or {@code irc.*}). */
    static boolean byIrcBridge(PublishedMessage m) {
        String name = m.pluginName();
        return m.origin() == Origin.PLUGIN && name != null
                && (name.equals("irc") || name.startsWith("irc."));
    }
}
