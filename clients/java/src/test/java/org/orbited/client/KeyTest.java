package org.orbited.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTest {

    @Test
    void wireFormRoundTrips() {
        Key k = Key.of("alice", "7f3a", "/chat");
        assertThat(k.toString()).isEqualTo("alice, 7f3a, /chat");
        assertThat(Recipient.parse("alice, 7f3a, /chat")).isEqualTo(k);
        assertThat(Recipient.parse("(alice, 7f3a, /chat)")).isEqualTo(k);
        assertThat(Recipient.parse("/rooms/lobby")).isEqualTo(Recipient.channel("/rooms/lobby"));
        Key commas = Key.of("a,b", "s,", "/x,y"); // commas without a space are fine
        assertThat(Recipient.parse(commas.wireForm())).isEqualTo(commas);
    }

    @Test
    void rejectsWhatTheWireCannotCarryNamingTheValue() {
        assertThatThrownBy(() -> Key.of("al, ice", "0", "/chat")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user \"al, ice\"").hasMessageContaining("\", \"");
        assertThatThrownBy(() -> Key.of("alice", "0", "chat")).hasMessageContaining("location \"chat\" must start with /");
        assertThatThrownBy(() -> Key.of("ali\r\nce", "0", "/chat")).hasMessageContaining("user \"ali\\r\\nce\"")
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> Key.of("alice", "", "/chat")).hasMessageContaining("session is empty");
        assertThatThrownBy(() -> Key.of(" alice", "0", "/chat")).hasMessageContaining("user \" alice\"")
                .hasMessageContaining("whitespace");
        assertThatThrownBy(() -> Key.of("(alice", "0", "/chat)")).hasMessageContaining("parenthesised");
        assertThatThrownBy(() -> Recipient.channel("/a,b")).hasMessageContaining("channel \"/a,b\"");
        assertThatThrownBy(() -> Recipient.channel("lobby")).hasMessageContaining("channel \"lobby\"");
        assertThatThrownBy(() -> Recipient.parse("alice, 0")).hasMessageContaining("recipient \"alice, 0\"");
        assertThatThrownBy(() -> Recipient.listOf(List.of(42))).hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> Recipient.listOf(List.of())).hasMessageContaining("no recipients");
    }
}
