package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who published an event, carried on the core {@link org.orbited.node.core.Event} as its origin, with the data
 * already parsed where the publisher had it as a JSON value: plugin listeners get that value instead of a
 * second parse of the event's bytes. Events from the Orbit port carry no origin of this kind.
 *
 * <p>The value is shared with every listener and must not be changed by anyone.
 */
sealed interface PublicationOrigin {
    /** The data as published. */
    JsonNode data();

    /** A Bayeux client published. */
    record Client(String clientId, JsonNode data) implements PublicationOrigin {
    }

    /** A plugin published. */
    record Plugin(String name, JsonNode data) implements PublicationOrigin {
    }
}
