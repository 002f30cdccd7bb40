package org.orbited.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The [cluster] route-port layout is checked when the configuration loads, with a message naming the ports. */
class ClusterLayoutConfigTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "browser_base = 65000; routes = 600|browser route ports 65000..65599",
            "app_base = 65500; routes = 100|app route ports 65500..65599",
            "browser_base = 24000; app_base = 24010; routes = 24|overlap app route ports 24010..24033"})
    void aBadLayoutIsAConfigurationError(String keys, String expected) {
        String text = ("[cluster]; " + keys + "; ").replace("; ", "\n");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(ConfigFile.parse("orbited.cfg", text), Map.of()));
        assertThat(e).isNotNull();
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("cluster.routes");
            assertThat(p.message()).startsWith("[cluster] route-port layout: ").contains(expected);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"browser_base = 24000; app_base = 24024; routes = 24", "routes = 4096; browser_base = 20000; app_base = 30000"})
    void aGoodLayoutLoads(String keys) throws Exception {
        String text = ("[cluster]; " + keys + "; ").replace("; ", "\n");
        assertThat(ConfigLoader.load(ConfigFile.parse("orbited.cfg", text), Map.of()).config().cluster()
                .layoutProblem()).isNull();
    }
}
