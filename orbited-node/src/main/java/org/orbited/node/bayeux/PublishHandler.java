package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.orbited.node.core.Event;
import org.orbited.node.core.Hub;
import org.orbited.plugin.ChannelId;

/**
 * A client's publish: refused by {@link ChannelAccess} (which sees the data) or accepted; {@code /service/**} goes to the plugin
 * handler (never broadcast), anything else to the hub, which queues it for every subscriber in the order it is
 * accepted. The parsed data travels with the event ({@link PublicationOrigin.Client}) so that plugin listeners
 * do not parse it again. Thread-safe.
 */
final class PublishHandler {
    private final Hub hub;
    private final ChannelAccess access;
    private final PluginChannels plugins;
    private final boolean broadcastToPublisher;

    PublishHandler(Hub hub, ChannelAccess access, PluginChannels plugins, boolean broadcastToPublisher) {
        this.hub = hub;
        this.access = access;
        this.plugins = plugins;
        this.broadcastToPublisher = broadcastToPublisher;
    }

    /** Publishes {@code m} (already checked) to {@code channel} for {@code c}, adding the reply to {@code out}. */
    void publish(BayeuxMessage m, ChannelId channel, BayeuxSession c, BatchReply out) {
        JsonNode data = m.data().orElseThrow();
        Optional<BayeuxFailure> denied = access.publish(c.clientId, channel, data);
        if (denied.isPresent()) {
            out.fail(m, denied.get());
            return;
        }
        if (channel.isService()) {
            plugins.serviceRequest(c, channel.name(), data, m.id().orElse(null));
        } else {
            hub.publish(Event.jsonOnChannel(BayeuxJson.toBytes(data), channel.name(),
                    broadcastToPublisher ? null : c.session, new PublicationOrigin.Client(c.clientId, data)));
        }
        out.add(BayeuxMessage.replyTo(m).successful(true).build());
    }
}
