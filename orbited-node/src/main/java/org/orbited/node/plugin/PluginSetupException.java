package org.orbited.node.plugin;

/**
 * The plugins cannot be set up, so the node does not start: a bad plugin jar, a jar without its service file, two
 * plugins of one name, or an active {@code [plugin:NAME]} section that names no plugin or several. The message names
 * the jars and sections at fault; the launcher prints it as one {@code orbited: error:} line.
 */
public final class PluginSetupException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PluginSetupException(String message) {
        super(message);
    }
}
