package org.orbited.node.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finishes the {@code [cluster]} gateway keys when the configuration loads, so that a node that cannot join its
 * gateway stops at start (exit 2) rather than later: with {@code halod} set, exactly one of {@code token},
 * {@code token_file} (relative to the configuration file's directory, at most {@link #MAX_TOKEN_FILE_BYTES}) and
 * {@code token_env} must give a non-empty token of at most {@link #MAX_TOKEN_CHARS} characters (the link's string
 * limit); without {@code halod} none of them may be set. An empty {@code proxy_from} becomes the gateways' resolved
 * addresses (a DNS lookup at load time; a name that does not resolve is an error). Messages never contain the token.
 */
final class GatewayLinkReader {
    /** The link's limit on strings (halod-link {@code LinkLimits.MAX_TEXT}; the configuration cannot import it). */
    static final int MAX_TOKEN_CHARS = 1024;
    static final int MAX_TOKEN_FILE_BYTES = 65536;

    private GatewayLinkReader() {
    }

    /** {@code c} with its token read and proxy_from defaulted; {@code c} itself after a problem. */
    static ClusterConfig read(ClusterConfig c, Path source, AuthKeyReader.Problems problems) {
        GatewayLinkConfig g = c.gateway();
        int sources = (g.token().isEmpty() ? 0 : 1) + (g.tokenFile() == null ? 0 : 1) + (g.tokenEnv().isEmpty() ? 0 : 1);
        if (!g.enabled()) {
            if (sources > 0) {
                problems.error(0, "[cluster] token", "a token is set but halod is not: set halod = host:port of the "
                        + "gateway, or remove the token keys");
            }
            return c;
        }
        if (sources != 1) {
            problems.error(0, "[cluster] token", "halod is set, so exactly one of token, token_file and token_env is "
                    + "needed (" + sources + " set)");
            return c;
        }
        String token = g.token();
        if (!g.tokenEnv().isEmpty()) {
            token = System.getenv(g.tokenEnv());
            if (token == null || token.isBlank()) {
                problems.error(0, "[cluster] token_env", "the environment variable '" + g.tokenEnv() + "' is not set");
                return c;
            }
        } else if (g.tokenFile() != null) {
            Path file = g.tokenFile();
            if (!file.isAbsolute()) {
                Path base = source == null ? null : source.toAbsolutePath().getParent();
                file = (base == null ? file.toAbsolutePath() : base.resolve(file)).normalize();
            }
            try {
                if (Files.size(file) > MAX_TOKEN_FILE_BYTES) {
                    problems.error(0, "[cluster] token_file", "the token file '" + file + "' is over "
                            + MAX_TOKEN_FILE_BYTES + " bytes; it is not a token");
                    return c;
                }
                token = Files.readString(file);
            } catch (IOException | RuntimeException e) {
                problems.error(0, "[cluster] token_file", "cannot read the token file '" + file + "': "
                        + (e instanceof NoSuchFileException ? "no such file" : e.toString()));
                return c;
            }
            if (token.isBlank()) {
                problems.error(0, "[cluster] token_file", "the token file '" + file + "' is empty");
                return c;
            }
            g = g.withTokenFile(file);
        }
        token = token.strip();
        if (token.length() > MAX_TOKEN_CHARS) {
            problems.error(0, "[cluster] token", "the token is " + token.length() + " characters; the link allows "
                    + MAX_TOKEN_CHARS);
            return c;
        }
        ClusterConfig out = c.withGateway(g.withToken(token));
        if (out.proxyFrom().isEmpty()) {
            List<String> resolved = resolve(g.hosts(), problems);
            if (resolved == null) {
                return c;
            }
            out = out.withProxyFrom(resolved);
        }
        return out;
    }

    /** Every address of every gateway host, numeric; null after a problem. */
    private static List<String> resolve(List<String> hosts, AuthKeyReader.Problems problems) {
        Set<String> out = new LinkedHashSet<>();
        for (String host : hosts) {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    out.add(a.getHostAddress().replaceFirst("%.*$", ""));
                }
            } catch (UnknownHostException e) {
                problems.error(0, "[cluster] halod", "cannot resolve the gateway host '" + host + "' (proxy_from is "
                        + "empty, so it defaults to the gateways' addresses): set proxy_from, or fix the name");
                return null;
            }
        }
        return new ArrayList<>(out);
    }
}
