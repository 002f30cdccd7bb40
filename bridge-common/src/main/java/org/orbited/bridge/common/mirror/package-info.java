/**
 * Mirror mode's pure pieces, shared by the IRC and XMPP bridges (docs/irc.md "Mirror mode"): the signed frame format
 * ({@link org.orbited.bridge.common.mirror.MirrorCodec}), reassembly and acceptance
 * ({@link org.orbited.bridge.common.mirror.MirrorReceiver}), which carrier (IRC channel, MUC room) carries which
 * Bayeux channel ({@link org.orbited.bridge.common.mirror.MirrorRoutes}), the options, the policy, counters and the
 * no-loop rule between bridges. What differs between carriers comes in through
 * {@link org.orbited.bridge.common.mirror.MirrorCarriers}; each bridge keeps its own orchestration (joining
 * carriers, sending, reading).
 */
package org.orbited.bridge.common.mirror;
