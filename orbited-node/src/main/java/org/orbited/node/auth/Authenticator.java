package org.orbited.node.auth;

import org.orbited.plugin.Identity;

/**
 * Decides at handshake who a Bayeux client is. Called once per handshake, after the plugin security policy's
 * {@code canHandshake}, on the thread that processes the handshake (an I/O thread when no policy is installed): it
 * must not block, and it must not throw (a throw is answered {@code handshake_failed}). Thread-safe.
 */
@FunctionalInterface
public interface Authenticator {
    /** Every client is anonymous: the node with no {@code [auth]} section. */
    Authenticator ANONYMOUS = c -> AuthDecision.accept(Identity.ANONYMOUS);

    AuthDecision authenticate(Credentials credentials);
}
