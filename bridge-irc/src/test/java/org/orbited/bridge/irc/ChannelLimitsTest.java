package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.ChannelLimits;
import org.orbited.plugin.ServerChannels;

/**
 * The policy's channel cap holds for subscribes decided before the plugin thread has seen any of them (a CometD
 * batch): each allowed subscribe is reserved at once, per client and for the bridge.
 */
class ChannelLimitsTest {
    private final Map<String, Integer> subscribers = new ConcurrentHashMap<>();

    private ChannelLimits limits(String mode) {
        ServerChannels channels = (ServerChannels) Proxy.newProxyInstance(ServerChannels.class.getClassLoader(),
                new Class<?>[] {ServerChannels.class}, (proxy, method, args) -> method.getName().equals("subscriberCount")
                        ? subscribers.getOrDefault((String) args[0], 0) : null);
        return IrcChannelLimits.of(IrcOptions.parse("irc.local", IrcTestOptions.local(6667, "channels", "#chat-*",
                "join.max", "2", "mode", mode)), channels);
    }

    @Test
    void aBatchOfSubscribesFromOneClientIsCappedBeforeAnySubscriptionEvent() {
        ChannelLimits l = limits("both");
        assertThat(l.refusal("c1", "#chat-a")).isNull();
        assertThat(l.refusal("c1", "#chat-b")).isNull();
        assertThat(l.refusal("c1", "#chat-c")).contains("the most a connection may be in");
        assertThat(l.refusal("c1", "#chat-a")).as("asking again for a reserved channel").isNull();
        assertThat(l.isSubscribed("c1", "#chat-a")).as("a reservation is not a subscription").isFalse();
    }

    @Test
    void theBridgesCapCountsReservationsOfEveryClientUntilConfirmedAndAnUnsubscribeMakesRoom() {
        ChannelLimits l = limits("relay");
        assertThat(l.refusal("c1", "#chat-a")).isNull();
        assertThat(l.refusal("c2", "#chat-b")).isNull();
        assertThat(l.refusal("c3", "#chat-c")).contains("the bridge is in 2 IRC channels");
        assertThat(l.refusal("c3", "#chat-a")).as("sharing a reserved channel").isNull();

        // the plugin thread catches up: subscriptions confirmed, channels wanted with subscribers
        l.subscribed("c1", "#chat-a");
        l.wanted("#chat-a", "/irc/local/$23chat-a");
        subscribers.put("/irc/local/$23chat-a", 1);
        l.subscribed("c2", "#chat-b");
        l.wanted("#chat-b", "/irc/local/$23chat-b");
        subscribers.put("/irc/local/$23chat-b", 1);
        assertThat(l.refusal("c3", "#chat-c")).contains("the bridge is in 2 IRC channels");

        subscribers.put("/irc/local/$23chat-b", 0);  // its last subscriber left: waiting out its grace, it makes room
        l.unsubscribed("c2", "#chat-b");
        assertThat(l.refusal("c3", "#chat-c")).isNull();
    }
}
