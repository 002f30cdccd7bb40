package org.orbited.bridge.common;

/**
 * What a {@link Speakers} did with an accepted line: {@code sender} is the name chat users see it under,
 * {@code text} the text the canonical event carries (cleaned as the bridge cleans incoming text). When
 * {@code publishNow} is true the {@link SayService} publishes the canonical event at once (IRC); when false the
 * bridge publishes it itself when the server reflects the line (XMPP, matched by stanza id).
 */
public record Spoken(String sender, String text, boolean publishNow) {
}
