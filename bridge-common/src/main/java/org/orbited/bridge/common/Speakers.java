package org.orbited.bridge.common;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A bridge's side of the {@link SayService}: resolving a channel and speaking in it, personally (a logged-in
 * client's own connection) or relayed (through the bridge's connection). Every method runs on the plugin thread and
 * never blocks: a line is queued, not sent, when it returns. Every refusal is a {@link Refused} with the bridge's
 * code; nothing was queued or published then.
 */
public interface Speakers {
    /**
     * Normalises {@code channel} as a browser wrote it ({@code #Help}, {@code lobby}) and checks the allowlist.
     *
     * @throws Refused when it is not a valid name or not allowed
     */
    Target target(String channel) throws Refused;

    /** True when {@code clientId} is logged in (or logging in): it speaks as itself, not relayed. */
    boolean isLoggedIn(String clientId);

    /** True when the bridge's {@code mode} allows relaying anonymous visitors (relay or both). */
    boolean allowsRelay();

    /**
     * Queues what logged-in {@code clientId} says in {@code t}, through its own connection.
     *
     * @throws Refused with the code answering the call
     */
    Spoken sayPersonal(String clientId, Target t, String text, boolean action) throws Refused;

    /**
     * Queues what {@code clientId} says in {@code t}, relayed by the bridge; {@code request} is the whole say
     * request ({@code text}, optional {@code name}).
     *
     * @throws Refused with the code answering the call
     */
    Spoken sayRelay(String clientId, Target t, JsonNode request, boolean action) throws Refused;
}
