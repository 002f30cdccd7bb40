package org.orbited.bridge.common;

import java.time.Duration;

/**
 * The reconnect backoff bounds both bridges read: {@code reconnect.min} (100ms..10m) and {@code reconnect.max}
 * ({@code reconnect.min}..1h; its default is raised to {@code reconnect.min} when that is longer). The defaults are
 * each bridge's own (IRC 1s / 60s, XMPP 2s / 5m).
 */
public record ReconnectOptions(Duration min, Duration max) {

    /** Reads both keys with these defaults; errors name the key ({@link OptionReader#bad}). */
    public static ReconnectOptions parse(OptionReader r, Duration defaultMin, Duration defaultMax) {
        Duration min = r.duration("reconnect.min", defaultMin, Duration.ofMillis(100), Duration.ofMinutes(10));
        Duration max = r.duration("reconnect.max", defaultMax.compareTo(min) < 0 ? min : defaultMax, min,
                Duration.ofHours(1));
        return new ReconnectOptions(min, max);
    }
}
