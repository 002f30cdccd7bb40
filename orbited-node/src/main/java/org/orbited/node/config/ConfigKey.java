package org.orbited.node.config;

import java.util.Objects;

/**
 * Describes one configuration key: where it lives, its default, what it means, which Orbited release
 * introduced it, and how its value is parsed into a {@link NodeConfig.Builder}. The table of all keys is
 * {@link ConfigKeys#ALL}; both {@link ConfigLoader} and {@link ConfigReference} read it, so the parser and
 * {@code docs/configuration.md} cannot drift apart.
 *
 * @param section       section name without brackets, e.g. {@code global}
 * @param name          key as written in the file, e.g. {@code op.port}
 * @param defaultValue  the default, written as it would be in the file ({@code ""} for empty)
 * @param legacyDefault the default in an {@code orbit.cfg} (0.1) file if different, else null
 * @param origin        which release the key comes from
 * @param meaning       one line for the reference
 * @param applier       parses a value and stores it; throws {@link IllegalArgumentException} naming the
 *                      value if it is invalid
 * @param ignored       parsed and validated but without effect; loading it produces a warning
 */
public record ConfigKey(String section, String name, String defaultValue, String legacyDefault, Origin origin,
                        String meaning, Applier applier, boolean ignored) {

    /** Which Orbited release a key comes from. */
    public enum Origin {
        V0_1("0.1"), V0_2("0.2/0.3"), NEW("new");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** As printed in the reference: {@code 0.1}, {@code 0.2/0.3} or {@code new}. */
        public String label() {
            return label;
        }
    }

    /** Parses one value into the builder. */
    @FunctionalInterface
    public interface Applier {
        /** @throws IllegalArgumentException naming {@code value} if it is not valid for this key */
        void apply(NodeConfig.Builder builder, String value);
    }

    public ConfigKey {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(applier, "applier");
    }

    /** {@code [section] name}, the form used in messages. */
    public String qualifiedName() {
        return "[" + section + "] " + name;
    }
}
