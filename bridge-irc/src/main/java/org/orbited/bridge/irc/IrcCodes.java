package org.orbited.bridge.irc;

import org.orbited.bridge.common.BridgeCodes;

/** The IRC bridge's code prefix for the shared classes of bridge-common: {@code CODES.of("x")} is {@code irc_x}. */
final class IrcCodes {
    /** {@code irc_...}. */
    static final BridgeCodes CODES = new BridgeCodes("irc");

    private IrcCodes() {
    }
}
