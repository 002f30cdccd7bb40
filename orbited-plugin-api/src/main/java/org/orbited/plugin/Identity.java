package org.orbited.plugin;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a Bayeux client is, as the node's authenticator decided at its handshake: a principal name with a small map
 * of attributes, or anonymous. Immutable; fixed for the life of the client (a client whose credentials change
 * handshakes again and becomes a new client).
 *
 * <p>With no {@code [auth]} section every client is {@link #ANONYMOUS}. With signed tokens the principal is the
 * token's {@code sub} claim and the attributes are the string claims named by {@code [auth] attributes}.
 *
 * @param principal  the principal's name, or null for an anonymous client
 * @param attributes attribute name to value; never null, empty for an anonymous client; at most
 *                   {@link #MAX_ATTRIBUTES} entries
 */
public record Identity(String principal, Map<String, String> attributes) {
    /** The most attributes one identity carries. */
    public static final int MAX_ATTRIBUTES = 32;

    /** A client nobody vouched for. */
    public static final Identity ANONYMOUS = new Identity(null, Map.of());

    /**
     * @throws IllegalArgumentException when {@code principal} is empty, when an anonymous identity has attributes,
     *                                  or when there are more than {@link #MAX_ATTRIBUTES} attributes
     * @throws NullPointerException     when {@code attributes}, or a key or value in it, is null
     */
    public Identity {
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        if (principal != null && principal.isEmpty()) {
            throw new IllegalArgumentException("a principal name must not be empty");
        }
        if (principal == null && !attributes.isEmpty()) {
            throw new IllegalArgumentException("an anonymous identity has no attributes: " + attributes.keySet());
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException(attributes.size() + " attributes; at most " + MAX_ATTRIBUTES);
        }
    }

    /** A named principal with {@code attributes}. */
    public static Identity of(String principal, Map<String, String> attributes) {
        return new Identity(Objects.requireNonNull(principal, "principal"), attributes);
    }

    /** True for a client nobody vouched for. */
    public boolean isAnonymous() {
        return principal == null;
    }

    /** The principal's name; empty when anonymous. */
    public Optional<String> name() {
        return Optional.ofNullable(principal);
    }
}
