package org.orbited.bridge.irc;

import org.orbited.bridge.common.ChannelLimits;
import org.orbited.plugin.ServerChannels;

/** The {@link ChannelLimits} of one network: {@code join.max}, per client when personal mode is possible. */
final class IrcChannelLimits {
    private IrcChannelLimits() {
    }

    /** The limits of {@code options}' network; refusals say "IRC channels" and carry {@code irc_too_many_channels}. */
    static ChannelLimits of(IrcOptions options, ServerChannels channels) {
        return new ChannelLimits(options.joinMax(), options.mode().allowsPersonal(), channels, IrcCodes.CODES,
                "IRC channels");
    }
}
