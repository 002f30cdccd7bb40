package org.orbited.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark of each class in this JVM, briefly, so that a change in orbited-node that breaks a
 * benchmark (an API change, a benchmark's own consistency check) fails the build. No timing is asserted.
 */
class BenchmarksSmokeTest {

    @ParameterizedTest
    @ValueSource(classes = {OrbitDecoderBenchmark.class, BayeuxCodecBenchmark.class, FramingBenchmark.class,
            HubFanOutBenchmark.class, org.orbited.client.ClientEncodeBenchmark.class})
    void everyBenchmarkProducesAResult(Class<?> benchmarks) throws RunnerException {
        Options opts = new OptionsBuilder()
                .include(Pattern.quote(benchmarks.getName()) + "\\.")
                .forks(0)
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(opts).run();

        Set<String> ran = results.stream().map(r -> r.getParams().getBenchmark()).collect(Collectors.toSet());
        Set<String> declared = Arrays.stream(benchmarks.getMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(Method::getName).map(m -> benchmarks.getName() + "." + m).collect(Collectors.toSet());
        assertThat(ran).as("benchmarks that produced a result").isEqualTo(declared);
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount())
                .as(r.getParams().getBenchmark() + " " + r.getParams()).isPositive());
    }
}
