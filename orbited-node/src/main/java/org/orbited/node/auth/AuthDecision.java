package org.orbited.node.auth;

import java.util.Objects;
import org.orbited.plugin.Identity;

/** What an {@link Authenticator} decided: an identity (possibly anonymous), or a refusal with its reason. */
public sealed interface AuthDecision {
    /** The handshake goes ahead as {@code identity}. */
    record Accepted(Identity identity) implements AuthDecision {
        public Accepted {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** The handshake is refused for {@code reason}. */
    record Refused(AuthRefusal reason) implements AuthDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static AuthDecision accept(Identity identity) {
        return new Accepted(identity);
    }

    static AuthDecision refuse(AuthRefusal reason) {
        return new Refused(reason);
    }
}
