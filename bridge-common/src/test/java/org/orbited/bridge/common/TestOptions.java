package org.orbited.bridge.common;

import java.util.Map;

/** What the bridges' test option builders ({@code IrcTestOptions}, {@code XmppTestOptions}) share. */
public final class TestOptions {
    private TestOptions() {
    }

    /**
     * Applies {@code overrides} (key, value pairs; a null value removes the key) to {@code options} and returns it.
     *
     * @throws IllegalArgumentException when the overrides are not pairs
     */
    public static Map<String, String> override(Map<String, String> options, String... overrides) {
        if (overrides.length % 2 != 0) {
            throw new IllegalArgumentException("overrides come in key, value pairs");
        }
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                options.remove(overrides[i]);
            } else {
                options.put(overrides[i], overrides[i + 1]);
            }
        }
        return options;
    }
}
