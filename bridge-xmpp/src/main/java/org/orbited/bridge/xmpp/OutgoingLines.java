package org.orbited.bridge.xmpp;

/**
 * Where a speaker registers a line it sent to a room, so that the bridge's occupant publishes the canonical event
 * of that line when the room reflects it (decision 5, docs/xmpp.md "Speaking"): MUC rooms send every groupchat
 * message back to every occupant, the sender included, with the stanza id it was sent with. The occupant reads all
 * room traffic; when it sees stanza {@code id} in {@code room} it publishes
 * {@code {"type":"message"|"action","channel":room,"sender":sender,"text":text,"web":true[,"relay":true]}} once, to
 * every subscriber; a room error for that id becomes an {@code error} event to {@code clientId} alone; no
 * reflection within {@link #CONFIRM_SECONDS} s gives {@code xmpp_not_confirmed} to {@code clientId}.
 *
 * <p>Call {@link #expect} <b>before</b> sending the stanza (the reflection may arrive before the send returns).
 * Thread-safe; never blocks.
 */
public interface OutgoingLines {
    /** How long a line waits for its reflection. */
    int CONFIRM_SECONDS = 30;

    /**
     * @param room     the room's normalised localpart
     * @param id       the stanza id the message is sent with
     * @param clientId the speaking browser (gets errors)
     * @param sender   the name to publish as {@code sender} (the visitor's nick, or the relayed name)
     * @param text     what the browser said (published as {@code text}, without the relay prefix)
     * @param action   {@code /me}
     * @param relayed  sent by the bridge's occupant for the visitor ({@code "relay":true})
     */
    void expect(String room, String id, String clientId, String sender, String text, boolean action, boolean relayed);
}
