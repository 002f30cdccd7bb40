/**
 * What the IRC and XMPP bridges share: flood buckets, option reading, the event model, the {@code say} service and
 * mirror frames. Depends on {@code orbited-plugin-api} only; never on PircBotX, Smack or jxmpp (enforced by the
 * build). Each bridge's shaded plugin jar bundles a relocated copy.
 */
package org.orbited.bridge.common;
