package org.orbited.node.plugin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.orbited.plugin.SecurityPolicy;
import org.orbited.plugin.SecurityPolicy.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and combines {@link SecurityPolicy} providers. The engine asks the one policy {@link #load} returns, on its
 * policy executor (never an I/O thread), after its built-in rules.
 *
 * <ul>
 *   <li><b>Zero or more.</b> With no provider everything is allowed; with several, each is asked in class-path
 *       order and the first denial wins (all must allow).</li>
 *   <li><b>Errors deny.</b> A policy that throws, or returns null, denies with {@link #POLICY_ERROR}; it is logged
 *       at ERROR with the policy's class.</li>
 *   <li><b>Fail closed at start.</b> A provider listed in {@code META-INF/services} that cannot be loaded makes
 *       {@link #load} throw: running without a policy the operator installed would allow too much.</li>
 * </ul>
 * Stateless; the combined policy is thread-safe if its parts are.
 */
public final class SecurityPolicies {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityPolicies.class);

    /** The denial reason for a policy that threw or returned null. */
    public static final String POLICY_ERROR = "policy_error";

    private SecurityPolicies() {
    }

    /**
     * A {@link PolicyRegistry} of the class-path policies; {@code scopable} when plugins may add their own.
     *
     * @throws IllegalStateException naming the provider when one cannot be loaded
     */
    public static PolicyRegistry registry(ClassLoader loader, boolean scopable) {
        return new PolicyRegistry(loadAll(loader), scopable);
    }

    private static List<SecurityPolicy> loadAll(ClassLoader loader) {
        List<SecurityPolicy> found = new ArrayList<>();
        Iterator<SecurityPolicy> it = ServiceLoader.load(SecurityPolicy.class, loader).iterator();
        try {
            while (it.hasNext()) {
                found.add(it.next());
            }
        } catch (ServiceConfigurationError | RuntimeException e) {
            throw new IllegalStateException("a security policy listed in META-INF/services/"
                    + SecurityPolicy.class.getName() + " could not be loaded: " + e.getMessage(), e);
        }
        if (!found.isEmpty()) {
            LOG.info("security policies: {}", found.stream().map(p -> p.getClass().getName()).toList());
        }
        return found;
    }

    /**
     * Asks one policy one question, never throwing: an exception or a null answer is logged and becomes
     * {@code Decision.deny("policy_error")}.
     *
     * @param question e.g. {@code p -> p.canPublish(clientId, channel)}
     */
    public static Decision ask(SecurityPolicy policy, Function<SecurityPolicy, Decision> question) {
        Decision d;
        try {
            d = question.apply(policy);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.error("security policy {} threw; denying with {}", policy.getClass().getName(), POLICY_ERROR, t);
            return Decision.deny(POLICY_ERROR);
        }
        if (d == null) {
            LOG.error("security policy {} returned no decision; denying with {}", policy.getClass().getName(),
                    POLICY_ERROR);
            return Decision.deny(POLICY_ERROR);
        }
        return d;
    }
}
