package org.orbited.bench;

import picocli.CommandLine.Command;

/** The latency target: N subscribers over C channels, publishes spread over the channels. */
@Command(name = "channels", mixinStandardHelpOptions = true,
        description = "N subscribers over C channels (subscriber i on channel i mod C); publishes spread over channels.")
public final class ChannelsScenario extends FanoutScenario {
    @Override
    public String name() {
        return "channels";
    }
}
