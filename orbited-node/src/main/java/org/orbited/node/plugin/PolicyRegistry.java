package org.orbited.node.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.orbited.plugin.Registration;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.SecurityPolicy.Decision;

/**
 * The security policies in force: the class-path ones (fixed at start, {@link SecurityPolicies#registry}) and the
 * scoped ones plugins add at runtime ({@link org.orbited.plugin.PluginContext#addSecurityPolicy}), each asked only
 * while its guard (its plugin instance being started) holds.
 *
 * <p>As a {@link SecurityPolicy} it asks the class-path policies, then the scoped policies whose guard holds, in the
 * order they were added; each through {@link SecurityPolicies#ask} (a throw or null denies); the first denial wins.
 * {@link #active()} tells the engine whether any policy would be asked now, so it can keep requests on the I/O
 * thread when none would (the fast path) and move them to the policy executor otherwise. Thread-safe; lock-free
 * reads.
 */
public final class PolicyRegistry implements SecurityPolicy {
    private final List<SecurityPolicy> classPath;
    private final boolean scopable;
    private final CopyOnWriteArrayList<Scoped> scoped = new CopyOnWriteArrayList<>();
    private final ChannelClaims claims = new ChannelClaims();

    private record Scoped(String owner, SecurityPolicy policy, BooleanSupplier applies) {
    }

    /**
     * @param classPath the class-path policies, asked first, in order
     * @param scopable  whether scoped policies may be added (the node has plugins configured); when false and
     *                  {@code classPath} is empty, {@link #mayEverBeActive()} is false and the node needs no
     *                  policy executor
     */
    public PolicyRegistry(List<? extends SecurityPolicy> classPath, boolean scopable) {
        this.classPath = List.copyOf(classPath);
        this.scopable = scopable;
    }

    /** A registry of just {@code policy} (or of nothing when null) that takes no scoped policies. */
    public static PolicyRegistry of(SecurityPolicy policy) {
        return new PolicyRegistry(policy == null ? List.of() : List.of(policy), false);
    }

    /** Whether a policy can ever be asked: a class-path policy exists or scoped ones may be added. */
    public boolean mayEverBeActive() {
        return !classPath.isEmpty() || scopable;
    }

    /** Whether a policy would be asked now. */
    public boolean active() {
        if (!classPath.isEmpty()) {
            return true;
        }
        for (Scoped s : scoped) {
            if (s.applies().getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds {@code policy} for plugin instance {@code owner}, asked only while {@code applies} is true.
     *
     * @throws IllegalStateException when this registry takes no scoped policies
     */
    public Registration add(String owner, SecurityPolicy policy, BooleanSupplier applies) {
        Objects.requireNonNull(policy, "policy");
        if (!scopable) {
            throw new IllegalStateException("this node takes no plugin security policies");
        }
        Scoped s = new Scoped(Objects.requireNonNull(owner, "owner"), policy, Objects.requireNonNull(applies));
        scoped.add(s);
        return () -> scoped.remove(s);
    }

    /**
     * The reserved bridge namespaces and the parts started plugin instances claim; consulted by the built-in rules
     * (before any policy, on whatever thread decides the request).
     */
    public ChannelClaims claims() {
        return claims;
    }

    /** Scoped policies registered now (guard holding or not); for tests and status. */
    int scopedCount() {
        return scoped.size();
    }

    @Override
    public Decision canHandshake(HandshakeInfo handshake) {
        return first(p -> p.canHandshake(handshake));
    }

    @Override
    public Decision canSubscribe(String clientId, String channelOrPattern) {
        return first(p -> p.canSubscribe(clientId, channelOrPattern));
    }

    @Override
    public Decision canPublish(String clientId, String channel) {
        return first(p -> p.canPublish(clientId, channel));
    }

    /** Asks every policy the data-aware form (whose default falls back to the two-argument one). */
    @Override
    public Decision canPublish(String clientId, String channel, JsonNode data) {
        return first(p -> p.canPublish(clientId, channel, data));
    }

    private Decision first(Function<SecurityPolicy, Decision> question) {
        for (SecurityPolicy p : classPath) {
            Decision d = SecurityPolicies.ask(p, question);
            if (!d.allowed()) {
                return d;
            }
        }
        for (Scoped s : scoped) {
            if (s.applies().getAsBoolean()) {
                Decision d = SecurityPolicies.ask(s.policy(), question);
                if (!d.allowed()) {
                    return d;
                }
            }
        }
        return Decision.ALLOW;
    }
}
