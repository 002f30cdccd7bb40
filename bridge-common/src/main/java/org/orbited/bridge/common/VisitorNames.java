package org.orbited.bridge.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;
import org.orbited.plugin.Identity;

/**
 * The name a relayed visitor appears under on the chat network ({@code guest.prefix}, {@code guest.suffix},
 * {@code nick.pattern}): a logged-in client's principal when it matches the pattern (no affixes: the node vouches for
 * it); else {@code prefix + name + suffix} when the requested {@code name} matches; else
 * {@code prefix + "guest" + <4 digits from the clientId> + suffix}. A {@code name} that does not match is refused
 * ({@code <prefix>_bad_name}), not replaced. Immutable, thread-safe.
 */
public final class VisitorNames {
    private final Pattern pattern;
    private final String prefix;
    private final String suffix;
    private final BridgeCodes codes;

    /**
     * @param pattern what a chosen name (and a principal used as is) must match ({@code nick.pattern})
     * @param prefix  {@code guest.prefix}, may be empty
     * @param suffix  {@code guest.suffix}, may be empty
     * @param codes   the bridge's codes
     */
    public VisitorNames(Pattern pattern, String prefix, String suffix, BridgeCodes codes) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.suffix = Objects.requireNonNull(suffix, "suffix");
        this.codes = Objects.requireNonNull(codes, "codes");
    }

    /**
     * The name {@code clientId} appears under.
     *
     * @param identity the client's identity, or null when unknown
     * @param data     the say request; its optional {@code name} is the name the visitor asks for
     * @throws Refused {@code <prefix>_bad_name} when {@code name} is present but not a string matching the pattern
     */
    public String of(Identity identity, String clientId, JsonNode data) throws Refused {
        if (identity != null && !identity.isAnonymous() && pattern.matcher(identity.principal()).matches()) {
            return identity.principal();
        }
        JsonNode name = data == null ? null : data.get("name");
        String chosen;
        if (name == null || name.isNull()) {
            chosen = "guest" + String.format("%04d", Math.floorMod(clientId.hashCode(), 10_000));
        } else if (name.isTextual() && pattern.matcher(name.asText()).matches()) {
            chosen = name.asText();
        } else {
            throw new Refused(codes.of("bad_name"), "name must be a string matching " + pattern.pattern());
        }
        return prefix + chosen + suffix;
    }
}
