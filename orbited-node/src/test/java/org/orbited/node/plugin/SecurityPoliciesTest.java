package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.SecurityPolicy.Decision;
import org.orbited.plugin.SecurityPolicy.HandshakeInfo;

/**
 * {@link SecurityPolicies}. Test policies are listed in a services file of a temporary class loader, never in this
 * module's test resources: a policy there would apply to every test's node.
 */
class SecurityPoliciesTest {
    private static final List<String> ASKED = new CopyOnWriteArrayList<>();

    /** Denies publishing under {@code /secret/}. */
    public static final class NoSecretsPolicy implements SecurityPolicy {
        @Override
        public Decision canPublish(String clientId, String channel) {
            ASKED.add("no-secrets " + channel);
            return channel.startsWith("/secret/") ? Decision.deny("secret") : Decision.ALLOW;
        }
    }

    /** Denies handshakes without an {@code ext}. */
    public static final class NeedsExtPolicy implements SecurityPolicy {
        @Override
        public Decision canHandshake(HandshakeInfo handshake) {
            return handshake.ext() == null ? Decision.deny("ext_required") : Decision.ALLOW;
        }

        @Override
        public Decision canPublish(String clientId, String channel) {
            ASKED.add("needs-ext " + channel);
            return Decision.ALLOW;
        }
    }

    private static ClassLoader loaderListing(Path dir, String... classNames) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(SecurityPolicy.class.getName()), String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, SecurityPoliciesTest.class.getClassLoader());
    }

    @Test
    void withNoPolicyEverythingIsAllowed() {
        SecurityPolicy policy = SecurityPolicies.registry(getClass().getClassLoader(), false);

        assertThat(policy.canHandshake(new HandshakeInfo(null, "127.0.0.1:5000", null))).isEqualTo(Decision.ALLOW);
        assertThat(policy.canSubscribe("c1", "/chat/**")).isEqualTo(Decision.ALLOW);
        assertThat(policy.canPublish("c1", "/secret/x")).isEqualTo(Decision.ALLOW);
    }

    @Test
    void everyListedPolicyIsAskedInOrderAndTheFirstDenialWins(@TempDir Path dir) throws Exception {
        ASKED.clear();
        SecurityPolicy policy = SecurityPolicies.registry(loaderListing(dir,
                NoSecretsPolicy.class.getName(), NeedsExtPolicy.class.getName()), false);

        assertThat(policy.canPublish("c1", "/chat/a")).isEqualTo(Decision.ALLOW);
        assertThat(policy.canPublish("c1", "/secret/a")).isEqualTo(Decision.deny("secret"));
        assertThat(ASKED).containsExactly("no-secrets /chat/a", "needs-ext /chat/a", "no-secrets /secret/a");
        assertThat(policy.canHandshake(new HandshakeInfo(null, "127.0.0.1:5000", null)))
                .isEqualTo(Decision.deny("ext_required"));
        assertThat(policy.canHandshake(new HandshakeInfo("{\"token\":\"t\"}", "127.0.0.1:5000", null)))
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void aPolicyThatThrowsOrAnswersNullDeniesWithPolicyError() {
        SecurityPolicy throwing = new SecurityPolicy() {
            @Override
            public Decision canSubscribe(String clientId, String channelOrPattern) {
                throw new IllegalStateException("database down");
            }
        };
        SecurityPolicy silent = new SecurityPolicy() {
            @Override
            public Decision canPublish(String clientId, String channel) {
                return null;
            }
        };
        SecurityPolicy both = new PolicyRegistry(List.of(throwing, silent), false);

        assertThat(both.canSubscribe("c1", "/chat/a")).isEqualTo(Decision.deny(SecurityPolicies.POLICY_ERROR));
        assertThat(both.canPublish("c1", "/chat/a")).isEqualTo(Decision.deny("policy_error"));
        assertThat(both.canHandshake(new HandshakeInfo(null, "127.0.0.1:1", null))).isEqualTo(Decision.ALLOW);
        assertThat(SecurityPolicies.ask(throwing, p -> p.canSubscribe("c1", "/x"))).isEqualTo(Decision.deny("policy_error"));
    }

    @Test
    void aListedPolicyThatCannotBeLoadedStopsTheNode(@TempDir Path dir) throws Exception {
        ClassLoader loader = loaderListing(dir, "com.example.MissingPolicy");

        assertThatThrownBy(() -> SecurityPolicies.registry(loader, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be loaded")
                .hasMessageContaining("com.example.MissingPolicy");
    }

    @Test
    void denialReasonsAreShortTokens() {
        assertThatThrownBy(() -> Decision.deny("not a token")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a token");
    }
}
