package org.orbited.bench.jmh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.orbited.node.auth.AuthDecision;
import org.orbited.node.auth.AuthSettings;
import org.orbited.node.auth.Credentials;
import org.orbited.node.auth.JwtAuthenticator;

/**
 * What {@code [auth]} adds to one Bayeux handshake: {@link JwtAuthenticator#authenticate} of a valid token (parse,
 * algorithm check, signature verification, {@code exp}/{@code nbf}/{@code iss}/{@code aud}, two attribute claims),
 * per algorithm. RS256 uses a 2048-bit key. The token is in {@code ext.auth.token}, as CometD clients send it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JwtAuthenticatorBenchmark {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Param({"HS256", "RS256"})
    public String algorithm;

    private JwtAuthenticator authenticator;
    private Credentials credentials;

    @Setup
    public void setUp() throws JOSEException, NoSuchAlgorithmException {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").issuer("https://login.example")
                .audience("orbited").expirationTime(new Date(now + 3_600_000)).notBeforeTime(new Date(now - 1000))
                .claim("role", "agent").claim("tenant", 42).build();
        String key;
        SignedJWT jwt;
        if (algorithm.equals("HS256")) {
            jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            key = SECRET;
        } else {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(pair.getPrivate()));
            key = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        }
        authenticator = new JwtAuthenticator(new AuthSettings(algorithm, key, "benchmark", 60, false,
                List.of("role", "tenant"), "", "https://login.example", "orbited"), System::currentTimeMillis);
        ObjectNode ext = JsonNodeFactory.instance.objectNode();
        ext.putObject("auth").put("token", jwt.serialize());
        credentials = new Credentials(ext, "127.0.0.1:1");
        if (!(authenticator.authenticate(credentials) instanceof AuthDecision.Accepted)) {
            throw new IllegalStateException("the benchmark token is refused");
        }
    }

    @Benchmark
    public AuthDecision authenticate() {
        return authenticator.authenticate(credentials);
    }
}
