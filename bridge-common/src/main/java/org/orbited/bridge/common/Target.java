package org.orbited.bridge.common;

/**
 * Where a {@code say} request speaks, as {@link Speakers#target} resolved it: {@code key} is the bridge's canonical
 * name of the channel (IRC: the folded channel name; XMPP: the normalised room localpart), which the published
 * event carries as {@code channel}; {@code bayeux} is its Bayeux channel name, where the event is published.
 */
public record Target(String key, String bayeux) {
}
