package org.orbited.bridge.xmpp;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.orbited.plugin.BridgeChannelNames;
import org.orbited.plugin.ChannelId;

/**
 * The names of mirror rooms (docs/xmpp.md "Mirror mode"): a carrier is a room localpart, {@code mirror.prefix} plus
 * the route's keyed hash, on the {@code muc} service; and the Bayeux names under {@code /xmpp/<muc>/} that denote a
 * mirror room, which browsers may neither subscribe to nor publish on. Immutable, thread-safe.
 */
final class XmppMirrorNames {
    private final String muc;
    private final String prefix;
    private final String bayeuxPrefix;

    /**
     * @param muc    the MUC service domain ({@code muc})
     * @param prefix {@code mirror.prefix}, lower case (as validated by {@link XmppOptions})
     */
    XmppMirrorNames(String muc, String prefix) {
        this.muc = muc;
        this.prefix = prefix;
        this.bayeuxPrefix = "/" + BridgeChannelNames.XMPP_ROOT + "/" + BridgeChannelNames.escape(muc) + "/";
    }

    /** The bare JID of the room carrying {@code carrier} (a localpart). */
    EntityBareJid room(String carrier) {
        try {
            return JidCreate.entityBareFrom(Localpart.from(carrier), JidCreate.domainBareFrom(muc));
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("mirror room " + carrier + "@" + muc + " is not a valid JID: "
                    + e.getMessage(), e);
        }
    }

    /**
     * True when {@code id} is {@code /xmpp/<this muc>/<room>} and the room's localpart, as XMPP folds it, starts with
     * {@code mirror.prefix}: a mirror room, whatever the {@code rooms} allowlist says. Patterns and other names are
     * not (the bridge's own policy judges those).
     */
    boolean isCarrier(ChannelId id) {
        String name = id.name();
        if (id.isWildcard() || !name.startsWith(bayeuxPrefix)) {
            return false;
        }
        String segment = name.substring(bayeuxPrefix.length());
        if (segment.isEmpty() || segment.indexOf('/') >= 0) {
            return false;
        }
        try {
            return Localpart.from(BridgeChannelNames.unescape(segment)).toString().startsWith(prefix);
        } catch (IllegalArgumentException | XmppStringprepException notARoom) {
            return false;  // the bridge's policy refuses it with its own code
        }
    }
}
