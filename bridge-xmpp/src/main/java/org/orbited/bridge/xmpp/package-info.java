/**
 * The XMPP bridge plugin: multi-user chat rooms as Bayeux channels (docs/xmpp.md). Built against
 * {@code orbited-plugin-api} and {@code bridge-common}, with Smack 4.4.8.
 */
package org.orbited.bridge.xmpp;
