package org.orbited.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orbited.plugin.Identity;

/** Signed tokens of both algorithms: every accepted and every refused case, with the node's clock fixed. */
class JwtAuthenticatorTest {
    private static final long SKEW_S = 30;

    private static JwtAuthenticator authenticator(TestTokens t, boolean anonymous) {
        return new JwtAuthenticator(new AuthSettings(t.algorithm, t.verificationKey, "test", SKEW_S, anonymous,
                List.of("role", "tenant")), () -> TestTokens.NOW);
    }

    private static Credentials ext(Object token) {
        ObjectNode ext = JsonNodeFactory.instance.objectNode();
        ObjectNode auth = ext.putObject("auth");
        if (token instanceof String s) {
            auth.put("token", s);
        } else if (token instanceof JsonNode n) {
            auth.set("token", n);
        }
        return new Credentials(ext, "127.0.0.1:1");
    }

    private static AuthDecision decide(String algorithm, String token) {
        TestTokens t = TestTokens.of(algorithm);
        return authenticator(t, false).authenticate(ext(token));
    }

    private static AuthDecision refused(AuthRefusal r) {
        return AuthDecision.refuse(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void aValidTokenNamesThePrincipalWithTheConfiguredAttributes(String algorithm) {
        TestTokens t = TestTokens.of(algorithm);
        String token = t.with(c -> c.claim("role", "admin").claim("tenant", 7).claim("other", "ignored"));

        assertThat(authenticator(t, false).authenticate(ext(token)))
                .isEqualTo(AuthDecision.accept(Identity.of("alice", Map.of("role", "admin", "tenant", "7"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void expiredAndNotYetValidTokensAreRefusedBeyondTheClockSkewOnly(String algorithm) {
        TestTokens t = TestTokens.of(algorithm);
        JwtAuthenticator a = authenticator(t, false);
        long skew = SKEW_S * 1000;

        assertThat(a.authenticate(ext(t.with(c -> c.expirationTime(new Date(TestTokens.NOW - skew - 1000))))))
                .isEqualTo(refused(AuthRefusal.TOKEN_EXPIRED));
        assertThat(a.authenticate(ext(t.with(c -> c.expirationTime(new Date(TestTokens.NOW - skew + 1000))))))
                .as("expired, but within the skew").isInstanceOf(AuthDecision.Accepted.class);
        assertThat(a.authenticate(ext(t.with(c -> c.notBeforeTime(new Date(TestTokens.NOW + skew + 1000))))))
                .isEqualTo(refused(AuthRefusal.TOKEN_NOT_YET_VALID));
        assertThat(a.authenticate(ext(t.with(c -> c.notBeforeTime(new Date(TestTokens.NOW + skew - 1000))))))
                .as("not yet valid, but within the skew").isInstanceOf(AuthDecision.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void aTokenSignedWithAnotherKeyIsRefused(String algorithm) {
        TestTokens t = TestTokens.of(algorithm);
        assertThat(authenticator(t, false).authenticate(ext(t.wronglySigned("alice"))))
                .isEqualTo(refused(AuthRefusal.TOKEN_SIGNATURE_INVALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void aTokenOfTheOtherAlgorithmIsRefusedBeforeItsSignatureIsChecked(String algorithm) {
        TestTokens other = TestTokens.of(algorithm.equals("HS256") ? "RS256" : "HS256");
        assertThat(decide(algorithm, other.valid("alice"))).isEqualTo(refused(AuthRefusal.TOKEN_ALGORITHM_REFUSED));
        // alg "none" (an unsigned token) never gets through
        String unsigned = new com.nimbusds.jwt.PlainJWT(TestTokens.validClaims("alice").build()).serialize();
        assertThat(decide(algorithm, unsigned)).isEqualTo(refused(AuthRefusal.TOKEN_MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void malformedTokensAreRefused(String algorithm) {
        assertThat(decide(algorithm, "not-a-token")).isEqualTo(refused(AuthRefusal.TOKEN_MALFORMED));
        assertThat(decide(algorithm, "a.b.c")).isEqualTo(refused(AuthRefusal.TOKEN_MALFORMED));
        assertThat(decide(algorithm, "x".repeat(JwtAuthenticator.MAX_TOKEN_CHARS + 1)))
                .isEqualTo(refused(AuthRefusal.TOKEN_MALFORMED));
        TestTokens t = TestTokens.of(algorithm);
        assertThat(authenticator(t, false).authenticate(ext(JsonNodeFactory.instance.numberNode(42))))
                .as("a token that is not a string").isEqualTo(refused(AuthRefusal.TOKEN_MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void unusableClaimsAreRefused(String algorithm) {
        TestTokens t = TestTokens.of(algorithm);
        JwtAuthenticator a = authenticator(t, false);
        assertThat(a.authenticate(ext(t.with(c -> c.expirationTime(null))))).as("no exp")
                .isEqualTo(refused(AuthRefusal.TOKEN_CLAIMS_INVALID));
        assertThat(a.authenticate(ext(t.with(c -> c.subject(null))))).as("no sub")
                .isEqualTo(refused(AuthRefusal.TOKEN_CLAIMS_INVALID));
        assertThat(a.authenticate(ext(t.with(c -> c.claim("role", List.of("a", "b")))))).as("a list attribute")
                .isEqualTo(refused(AuthRefusal.TOKEN_CLAIMS_INVALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void aMissingTokenIsRefusedUnlessAnonymousClientsAreAllowed(String algorithm) {
        TestTokens t = TestTokens.of(algorithm);
        Credentials none = new Credentials(null, "127.0.0.1:1");
        Credentials emptyAuth = ext(null);

        assertThat(authenticator(t, false).authenticate(none)).isEqualTo(refused(AuthRefusal.TOKEN_MISSING));
        assertThat(authenticator(t, false).authenticate(emptyAuth)).isEqualTo(refused(AuthRefusal.TOKEN_MISSING));
        assertThat(authenticator(t, true).authenticate(none)).isEqualTo(AuthDecision.accept(Identity.ANONYMOUS));
        assertThat(authenticator(t, true).authenticate(ext("garbage")))
                .as("a bad token is refused even when anonymous clients are allowed")
                .isEqualTo(refused(AuthRefusal.TOKEN_MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void anUnusableKeyIsRefusedAtConstructionNamingItsSource(String algorithm) {
        assertThatThrownBy(() -> new JwtAuthenticator(new AuthSettings(algorithm, "short", "/etc/orbited/jwt.key",
                0, false, List.of()), () -> 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(algorithm)
                .hasMessageContaining("/etc/orbited/jwt.key");
    }

    private static JwtAuthenticator withChecks(TestTokens t, String cookie, String issuer, String audience) {
        return new JwtAuthenticator(new AuthSettings(t.algorithm, t.verificationKey, "test", SKEW_S, false,
                List.of(), cookie, issuer, audience), () -> TestTokens.NOW);
    }

    private static Credentials http(String authorization, Map<String, String> cookies) {
        return new Credentials(null, "127.0.0.1:1", new HttpCredentials(authorization, cookies));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void aTokenMayTravelInABearerHeaderOrTheConfiguredCookie(String algorithm) {
        TestTokens t = TestTokens.of(algorithm);
        JwtAuthenticator a = withChecks(t, "jwt", "", "");
        AuthDecision alice = AuthDecision.accept(Identity.of("alice", Map.of()));

        assertThat(a.authenticate(http("Bearer " + t.valid("alice"), Map.of()))).isEqualTo(alice);
        assertThat(a.authenticate(http("bearer  " + t.valid("alice") + " ", Map.of()))).as("scheme in any case")
                .isEqualTo(alice);
        assertThat(a.authenticate(http(null, Map.of("jwt", t.valid("alice"))))).isEqualTo(alice);
        assertThat(a.authenticate(http("Basic YWxpY2U6c2VjcmV0", Map.of("other", t.valid("alice")))))
                .as("another scheme and another cookie carry no token")
                .isEqualTo(refused(AuthRefusal.TOKEN_MISSING));
        assertThat(authenticator(t, false).authenticate(http(null, Map.of("jwt", t.valid("alice")))))
                .as("no cookie configured: cookies are not read").isEqualTo(refused(AuthRefusal.TOKEN_MISSING));
        assertThat(a.authenticate(http("Bearer " + t.wronglySigned("alice"), Map.of())))
                .isEqualTo(refused(AuthRefusal.TOKEN_SIGNATURE_INVALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void theHandshakeExtWinsOverTheHeaderAndTheHeaderOverTheCookie(String algorithm) {
        TestTokens t = TestTokens.of(algorithm);
        JwtAuthenticator a = withChecks(t, "jwt", "", "");
        ObjectNode ext = JsonNodeFactory.instance.objectNode();
        ext.putObject("auth").put("token", t.valid("ext-user"));

        assertThat(a.authenticate(new Credentials(ext, "127.0.0.1:1", new HttpCredentials("Bearer " + t.valid("hdr"),
                Map.of("jwt", t.valid("cookie")))))).isEqualTo(AuthDecision.accept(Identity.of("ext-user", Map.of())));
        assertThat(a.authenticate(http("Bearer " + t.valid("hdr"), Map.of("jwt", t.valid("cookie")))))
                .isEqualTo(AuthDecision.accept(Identity.of("hdr", Map.of())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "RS256"})
    void issuerAndAudienceAreCheckedWhenConfigured(String algorithm) {
        TestTokens t = TestTokens.of(algorithm);
        JwtAuthenticator a = withChecks(t, "", "https://login.example", "orbited");

        assertThat(a.authenticate(ext(t.with(c -> c.issuer("https://login.example").audience(List.of("x", "orbited"))))))
                .isInstanceOf(AuthDecision.Accepted.class);
        assertThat(a.authenticate(ext(t.with(c -> c.issuer("https://evil.example").audience("orbited")))))
                .isEqualTo(refused(AuthRefusal.TOKEN_ISSUER_REFUSED));
        assertThat(a.authenticate(ext(t.with(c -> c.audience("orbited"))))).as("no iss")
                .isEqualTo(refused(AuthRefusal.TOKEN_ISSUER_REFUSED));
        assertThat(a.authenticate(ext(t.with(c -> c.issuer("https://login.example").audience("other")))))
                .isEqualTo(refused(AuthRefusal.TOKEN_AUDIENCE_REFUSED));
        assertThat(a.authenticate(ext(t.with(c -> c.issuer("https://login.example"))))).as("no aud")
                .isEqualTo(refused(AuthRefusal.TOKEN_AUDIENCE_REFUSED));
        assertThat(authenticator(t, false).authenticate(ext(t.with(c -> c.issuer("anyone").audience("any")))))
                .as("not configured: not checked").isInstanceOf(AuthDecision.Accepted.class);
    }

    @org.junit.jupiter.api.Test
    void bearerTokensAreReadOnlyFromTheBearerScheme() {
        assertThat(new HttpCredentials("Bearer abc", Map.of()).bearerToken()).contains("abc");
        assertThat(new HttpCredentials("Bearer ", Map.of()).bearerToken()).isEmpty();
        assertThat(new HttpCredentials("Bearerabc", Map.of()).bearerToken()).isEmpty();
        assertThat(new HttpCredentials("Token abc", Map.of()).bearerToken()).isEmpty();
        assertThat(HttpCredentials.NONE.bearerToken()).isEmpty();
    }
}
