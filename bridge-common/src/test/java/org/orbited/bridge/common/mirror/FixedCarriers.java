package org.orbited.bridge.common.mirror;

import org.orbited.bridge.common.OptionReader;

/** Carriers with a fixed text budget and any prefix (an XMPP-like bridge), for the shared mirror tests. */
final class FixedCarriers implements MirrorCarriers {
    private final int textBytes;

    FixedCarriers(int textBytes) {
        this.textBytes = textBytes;
    }

    @Override
    public String prefix(OptionReader r, String configured) {
        return configured == null ? "orbited-mirror-" : configured;
    }

    @Override
    public void checkKey(OptionReader r, String key) {
        if (key.contains(" ")) {
            throw r.bad("mirror.key", "no spaces");
        }
    }

    @Override
    public int textBytes(String sender, String carrier) {
        return textBytes;
    }

    @Override
    public int leastTextBytes() {
        return textBytes;
    }
}
