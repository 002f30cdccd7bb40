package org.orbited.node.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration could not be turned into a {@link NodeConfig}. Carries every error found (never just
 * the first) and the warnings collected up to that point, so a caller can print all of them at once.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> errors;
    private final transient List<ConfigProblem> warnings;

    /** @param errors at least one error */
    public ConfigException(List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        super(summary(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    /** Every error, in file order, then override order. */
    public List<ConfigProblem> errors() {
        return errors;
    }

    /** The warnings found alongside the errors. */
    public List<ConfigProblem> warnings() {
        return warnings;
    }

    private static String summary(List<ConfigProblem> errors) {
        return errors.size() + " configuration error(s): "
                + errors.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
    }
}
