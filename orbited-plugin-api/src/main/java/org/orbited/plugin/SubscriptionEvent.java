package org.orbited.plugin;

/**
 * A Bayeux client subscribed to, or unsubscribed from, a channel or pattern. An unsubscription is also reported
 * when a session ends (disconnect, expiry, slow consumer) for each subscription it held. Immutable.
 *
 * @param clientId     the client
 * @param subscription the channel or pattern as the client gave it ({@code /irc/libera/*} included)
 * @param subscribed   true for a subscription, false for an unsubscription
 * @param remaining    sessions subscribed to exactly {@code subscription} after this change
 */
public record SubscriptionEvent(String clientId, String subscription, boolean subscribed, int remaining) {
}
