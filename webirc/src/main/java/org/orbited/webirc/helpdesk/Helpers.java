package org.orbited.webirc.helpdesk;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.orbited.plugin.Identity;

/**
 * The signed-in helpers: which Bayeux clients signed in, under which name, and who may sign in. A client is a
 * helper when its identity (from the node's {@code [auth]}) has attribute {@code helper.attribute} with one of
 * {@code helper.roles} among its values (then its name is the identity's {@code name} attribute, else its
 * principal), or when its sign-in carries the helper key (then it chooses its name, {@code Helper} by default).
 * Several clients may sign in under one name (one person, several tabs): they count as one helper online. Used on the
 * plugin's thread only.
 */
final class Helpers {
    private final String key;             // null: key sign-in is off
    private final String attribute;
    private final Set<String> roles;
    private final Map<String, Session> byClient = new LinkedHashMap<>();

    /** @param key the helper key, or null when key sign-in is off */
    Helpers(String key, String attribute, Set<String> roles) {
        this.key = key;
        this.attribute = attribute;
        this.roles = Set.copyOf(roles);
    }

    /**
     * The name the client signs in under, decided from its identity or the key it gave.
     *
     * @param givenKey  the login's {@code key}, or null
     * @param givenName the login's {@code name}, or null (used with a key only: an identity names itself)
     */
    String authenticate(Identity identity, String givenKey, String givenName) {
        if (givenKey != null) {
            if (key == null) {
                throw new HelpDeskRefusal(HelpDeskCodes.BAD_KEY, "sign-in with a key is off on this desk");
            }
            if (!Ids.sameSecret(givenKey, key)) {
                throw new HelpDeskRefusal(HelpDeskCodes.BAD_KEY, "wrong helper key");
            }
            return givenName == null ? "Helper" : HelpDeskText.name(givenName);
        }
        if (isHelperIdentity(identity)) {
            return HelpDeskText.cleanName(identity.attributes().getOrDefault("name", identity.principal()), "Helper");
        }
        throw new HelpDeskRefusal(HelpDeskCodes.NOT_HELPER,
                "only helpers sign in here: give the helper key or sign in with a helper's identity");
    }

    private boolean isHelperIdentity(Identity identity) {
        String value = identity.attributes().get(attribute);
        return value != null && Arrays.stream(value.split("[\\s,]+")).anyMatch(roles::contains);
    }

    void signIn(String clientId, String name, int rate, Instant now) {
        byClient.put(clientId, new Session(name, new RateBucket(rate, now.toEpochMilli())));
    }

    /** Signs the client out; false when it was not a helper. */
    boolean signOut(String clientId) {
        return byClient.remove(clientId) != null;
    }

    /** The name of the helper client {@code clientId}; refuses clients that have not signed in. */
    String require(String clientId) {
        Session s = byClient.get(clientId);
        if (s == null) {
            throw new HelpDeskRefusal(HelpDeskCodes.NOT_HELPER, "sign in as a helper first (helpdesk/helper/login)");
        }
        return s.name;
    }

    /** Takes a token from the helper's line bucket ({@code helper.rate} per 10 s). */
    boolean takeLine(String clientId, Instant now) {
        return Optional.ofNullable(byClient.get(clientId)).map(s -> s.lines.take(now.toEpochMilli())).orElse(false);
    }

    /** The signed-in clients. */
    List<String> clientIds() {
        return List.copyOf(byClient.keySet());
    }

    /** The distinct names signed in, sorted. */
    List<String> names() {
        return List.copyOf(new TreeSet<>(byClient.values().stream().map(s -> s.name).toList()));
    }

    private record Session(String name, RateBucket lines) {
    }
}
