package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every stable code bridge-irc can put on the wire (replies, error and status events, publish denials), as browsers
 * see them. Written before the shared code moved to bridge-common (issue 14), so the move provably changes no code:
 * the codes are collected from the sources, as {@code "irc_..."} literals in bridge-irc and as
 * {@code codes.of("...")} calls (IRC's {@code BridgeCodes} prefixes {@code irc_}) in bridge-irc and bridge-common.
 * A code added, renamed or removed on purpose is changed here too, in the same commit.
 */
class IrcCodesGoldenTest {
    /** The 54 codes of bridge-irc before the extraction (grep of {@code "irc_} in bridge-irc's main sources). */
    static final List<String> GOLDEN = List.of(
            "irc_already_logged_in", "irc_bad_channel_key", "irc_bad_data", "irc_bad_escape", "irc_bad_name",
            "irc_bad_nick", "irc_bad_password", "irc_bad_target", "irc_banned", "irc_cannot_send",
            "irc_channel_full", "irc_channel_not_allowed", "irc_connect_failed", "irc_connection_lost",
            "irc_flood_queue_full", "irc_invalid_channel_name", "irc_invite_only", "irc_join_refused", "irc_kicked",
            "irc_logged_out", "irc_login_rate", "irc_login_required", "irc_mirror_channel", "irc_mirror_too_large",
            "irc_nick_fixed", "irc_nick_taken", "irc_nick_unavailable", "irc_no_such_channel", "irc_no_such_nick",
            "irc_not_canonical", "irc_not_channel_operator", "irc_not_connected", "irc_not_irc_channel",
            "irc_not_joined", "irc_not_logged_in", "irc_not_on_channel", "irc_not_sent", "irc_not_subscribed",
            "irc_other_network", "irc_personal_disabled", "irc_registration_refused", "irc_registration_timeout",
            "irc_sasl_failed", "irc_sasl_unavailable", "irc_text_control", "irc_text_empty", "irc_text_invisible",
            "irc_text_line_break", "irc_text_lone_surrogate", "irc_text_too_long", "irc_tls_failed",
            "irc_too_many_channels", "irc_too_many_connections", "irc_use_say_service");

    /**
     * Codes bridge-common spells through {@code codes.of("...")} that the IRC bridge never emits (XMPP-only
     * paths); they are left out of the comparison, each named here on purpose.
     */
    static final Set<String> COMMON_NOT_IRC = Set.of();

    /** Block comments and javadoc (examples there are not emitted). */
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern IRC_LITERAL = Pattern.compile("\"(irc_[a-z0-9_]+)\"");
    private static final Pattern CODES_OF = Pattern.compile("\\b(?:codes|CODES)\\(?\\)?\\.of\\(\"([a-z0-9_]+)\"\\)");

    @Test
    void theCodesInTheSourcesAreExactlyTheGoldenOnes() throws IOException {
        Set<String> found = new TreeSet<>();
        scan(Path.of("src/main/java"), found);
        Path common = Path.of("../bridge-common/src/main/java");
        if (Files.isDirectory(common)) {
            scan(common, found);
        }
        found.removeAll(COMMON_NOT_IRC);
        assertThat(found).containsExactlyElementsOf(new TreeSet<>(GOLDEN));
    }

    @Test
    void theEnumCodesKeepTheirWireStrings() {
        assertThat(IrcTextException.Reason.values()).extracting(IrcTextException.Reason::code).containsExactly(
                "irc_text_line_break", "irc_text_control", "irc_text_lone_surrogate", "irc_text_invisible",
                "irc_text_empty", "irc_text_too_long");
        assertThat(ChannelRefusedException.Refusal.values()).extracting(ChannelRefusedException.Refusal::code)
                .containsExactly("irc_not_irc_channel", "irc_other_network", "irc_bad_escape", "irc_not_canonical",
                        "irc_invalid_channel_name", "irc_channel_not_allowed");
        assertThat(List.of(LinkFailure.CONNECTION_LOST, LinkFailure.CONNECT_FAILED, LinkFailure.TLS_FAILED,
                LinkFailure.BAD_PASSWORD, LinkFailure.SASL_UNAVAILABLE, LinkFailure.SASL_FAILED,
                LinkFailure.REGISTRATION_TIMEOUT, LinkFailure.REGISTRATION_REFUSED)).containsExactly(
                "irc_connection_lost", "irc_connect_failed", "irc_tls_failed", "irc_bad_password",
                "irc_sasl_unavailable", "irc_sasl_failed", "irc_registration_timeout", "irc_registration_refused");
    }

    private static void scan(Path root, Set<String> found) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String src = COMMENT.matcher(Files.readString(f)).replaceAll(" ");
                Matcher m = IRC_LITERAL.matcher(src);
                while (m.find()) {
                    found.add(m.group(1));
                }
                Matcher c = CODES_OF.matcher(src);
                while (c.find()) {
                    found.add("irc_" + c.group(1));
                }
            }
        }
    }
}
