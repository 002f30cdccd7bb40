package org.orbited.plugin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Bayeux client's publish to a {@code /service/**} channel. The node has already answered the publish itself
 * ({@code successful:true}); the handler answers the requester, once, by {@link #reply}: the answer is delivered to
 * that client alone on the request's channel and carries the request's {@code id} (what CometD's
 * {@code remoteCall()} waits for). Replying after the client has gone is a no-op. Thread-safe.
 */
public interface ServiceRequest {
    /** The service channel, e.g. {@code /service/echo}. */
    String channel();

    /** The request's {@code data}. Shared: do not modify. */
    JsonNode data();

    /** The requesting client. */
    String clientId();

    /** The request's {@code id}, or null when the client sent none. */
    String id();

    /** Delivers {@code data} to the requester on {@link #channel()}. Only the first call has an effect. */
    void reply(JsonNode data);
}
