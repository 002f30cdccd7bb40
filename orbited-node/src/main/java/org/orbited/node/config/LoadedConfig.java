package org.orbited.node.config;

import java.util.List;
import java.util.Objects;

/**
 * A valid configuration and the warnings (unknown keys and sections, ignored keys, a missing file)
 * found while loading it. The node should log the warnings at startup.
 */
public record LoadedConfig(NodeConfig config, List<ConfigProblem> warnings) {
    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
    }
}
