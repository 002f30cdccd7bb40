package org.orbited.bridge.irc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.orbited.bridge.common.BridgeEvent;

/**
 * What the bridge knows of one channel it is in: the members with their mode prefix and the topic, kept up to date
 * from the channel's events ({@link #apply}) so that a browser subscribing later gets {@code names} and
 * {@code topic} at once ({@link RelayBridge}, review R3). The member list is known ({@link #isKnown}) once the
 * server's NAMES reply after the bridge's JOIN arrived; joins, parts, kicks, quits and nick changes update it. Mode
 * changes after the NAMES reply ({@code +o}, {@code +v}) are not followed: prefixes are those of the last NAMES.
 *
 * <p>Plugin thread only. Bounded by the channel's membership.
 */
final class ChannelRoster {
    private static final String PREFIXES = "~&@%+";

    private final UnaryOperator<String> fold;
    private final Map<String, String> members = new LinkedHashMap<>();  // folded nick -> prefix + nick
    private boolean known;
    private String topic;
    private String topicSetter;

    ChannelRoster(UnaryOperator<String> fold) {
        this.fold = fold;
    }

    boolean isKnown() {
        return known;
    }

    /** Forgets everything (the bridge left the channel or the link dropped). */
    void clear() {
        members.clear();
        known = false;
        topic = null;
        topicSetter = null;
    }

    /** Follows one event of this channel. */
    void apply(BridgeEvent e) {
        switch (e.type()) {
            case NAMES -> {
                members.clear();
                e.names().forEach(n -> members.put(fold.apply(bare(n)), n));
                known = true;
            }
            case JOIN -> members.putIfAbsent(fold.apply(e.sender()), e.sender());
            case PART, QUIT -> members.remove(fold.apply(e.sender()));
            case KICK -> members.remove(fold.apply(e.nick()));
            case NICK -> {
                String old = members.remove(fold.apply(e.sender()));
                if (old != null) {
                    members.put(fold.apply(e.nick()), old.substring(0, old.length() - bare(old).length()) + e.nick());
                }
            }
            case TOPIC -> {
                topic = e.text();
                topicSetter = e.sender();
            }
            default -> {
            }
        }
    }

    /** The {@code names} event for a new subscriber (only when {@link #isKnown}), {@code self} the bridge's nick. */
    BridgeEvent names(String channel, String self, Instant time) {
        return BridgeEvent.names(channel, new ArrayList<>(members.values()), self, time);
    }

    /** The {@code topic} event for a new subscriber, or null when the channel has none (or it is not known). */
    BridgeEvent topic(String channel, Instant time) {
        return topic == null || topic.isEmpty() ? null
                : BridgeEvent.of(BridgeEvent.Type.TOPIC, channel, topicSetter, topic, time);
    }

    /** Members as listed, for tests. */
    List<String> members() {
        return List.copyOf(members.values());
    }

    private static String bare(String name) {
        int i = 0;
        while (i < name.length() && PREFIXES.indexOf(name.charAt(i)) >= 0) {
            i++;
        }
        return name.substring(i);
    }
}
