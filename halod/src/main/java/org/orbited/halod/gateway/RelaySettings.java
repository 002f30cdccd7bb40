package org.orbited.halod.gateway;

/** What every relay connection needs from the configuration. Immutable. */
record RelaySettings(TransportKind kind, int connectTimeoutMs, boolean splice) {
}
