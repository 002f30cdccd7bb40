package org.orbited.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@link Scenario} as a picocli subcommand: the {@link CommonOptions} and a call that hands it to {@link Runner}. */
abstract class ScenarioCommand implements Scenario, Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        return Runner.execute(this, spec);
    }
}
