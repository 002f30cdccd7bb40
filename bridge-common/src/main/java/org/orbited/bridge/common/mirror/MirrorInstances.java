package org.orbited.bridge.common.mirror;

import org.orbited.plugin.Origin;
import org.orbited.plugin.PublishedMessage;

/**
 * The rule that keeps bridges from carrying each other's publications (docs/irc.md "Mirror mode", "Several
 * instances"). Thread-safe.
 *
 * <p><b>Never carried:</b> a publication made by any bridge instance, IRC or XMPP, i.e. by plugin {@code irc},
 * {@code irc.<instance>}, {@code xmpp} or {@code xmpp.<instance>} ({@link #byBridge}). On a mirrored channel that is
 * always a message some mirror received from its carrier and published locally; carrying it again through another
 * instance (of the same bridge or the other one) would give it a new origin and seq, so dedup could not stop it
 * coming back: an echo loop (one copy more per round). This holds across bridges: a node running an IRC mirror and
 * an XMPP mirror over overlapping patterns would otherwise re-carry what the other published, forever.
 *
 * <p><b>Overlap:</b> two instances of one node whose {@code mirror} patterns overlap each carry a local publication
 * (it crosses twice, and nodes running both deliver it twice). That cannot be refused at start (nothing tells
 * which node an instance belongs to: several nodes may share one JVM), so the first publication by another
 * instance heard on a mirrored channel is logged by the bridge (WARN naming the instance).
 */
public final class MirrorInstances {
    private MirrorInstances() {
    }

    /**
     * True when {@code m} was published by a bridge instance: plugin {@code irc}, {@code irc.*}, {@code xmpp} or
     * {@code xmpp.*}.
     */
    public static boolean byBridge(PublishedMessage m) {
        String name = m.pluginName();
        return m.origin() == Origin.PLUGIN && name != null
                && (isInstanceOf(name, "irc") || isInstanceOf(name, "xmpp"));
    }

    private static boolean isInstanceOf(String pluginName, String bridge) {
        return pluginName.equals(bridge) || pluginName.startsWith(bridge + ".");
    }
}
