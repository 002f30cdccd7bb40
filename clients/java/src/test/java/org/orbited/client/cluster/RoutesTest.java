package org.orbited.client.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The route rule {@code 1 + CRC-32(UTF-8 user) mod N} against fixed vectors (computed once with
 * {@code java.util.zip.CRC32}; browser-tests/cluster.test.mjs checks the same vectors in Chromium) and
 * against the JavaScript client's {@code Orbited.route} run in Node.js on the same inputs.
 */
class RoutesTest {
    /** user, CRC-32 as CRC32.getValue(), route for N = 24, 256, 4096. */
    static final Object[][] VECTORS = {
        {"", 0L, 1, 1, 1},
        {"alice", 663665735L, 24, 72, 3144},
        {"bob", 4123767104L, 9, 65, 321},
        {"carol", 1782484163L, 12, 196, 3268},
        {"user42", 2083503798L, 7, 183, 3767},
        {"Zoë", 1739342378L, 3, 43, 555},
        {"ユーザー", 762570226L, 11, 243, 1523},
        {"😀emoji", 882990277L, 14, 198, 3270},
        {"naïve café", 1777042389L, 22, 214, 982},
    };

    @Test
    void routesMatchTheFixedVectors() {
        for (Object[] v : VECTORS) {
            String user = (String) v[0];
            assertThat(Routes.routeOf(user, 24)).as(user + " N=24").isEqualTo(v[2]);
            assertThat(Routes.routeOf(user, 256)).as(user + " N=256").isEqualTo(v[3]);
            assertThat(Routes.routeOf(user, 4096)).as(user + " N=4096").isEqualTo(v[4]);
            assertThat(Routes.routeOf(user, 1)).isEqualTo(1);
            // the route is 1 + (unsigned CRC mod N): a signed int would give a negative route for "bob"
            assertThat((long) Routes.routeOf(user, 4096)).isEqualTo(1 + (Long) v[1] % 4096);
        }
    }

    @Test
    void badRouteCountsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> Routes.routeOf("alice", 0)).hasMessageContaining("routes 0 is not between 1 and 4096");
        assertThatThrownBy(() -> Routes.routeOf("alice", 4097)).hasMessageContaining("4097");
    }

    /** Runs clients/js/src/orbited.js in Node.js with a minimal window and compares Orbited.route with Java's. */
    @Test
    void theJavaScriptClientComputesTheSameRoutes() throws Exception {
        Path js = Path.of("../js/src/orbited.js").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.exists(js), "clients/js/src/orbited.js not found from " + Path.of("").toAbsolutePath());
        Assumptions.assumeTrue(nodeAvailable(), "node (Node.js) is not installed");
        List<String> users = new ArrayList<>();
        for (Object[] v : VECTORS) {
            users.add((String) v[0]);
        }
        for (int i = 0; i < 200; i++) {
            users.add("user-" + i + (i % 3 == 0 ? "-é" : "") + (i % 7 == 0 ? "-日本" : ""));
        }
        int[] ns = {1, 7, 24, 256, 257, 4096};
        StringBuilder script = new StringBuilder("globalThis.window={location:{href:'http://x/',hostname:'x',protocol:'http:'}};"
                + "globalThis.document={};eval(require('fs').readFileSync(process.argv[1],'utf8')+';globalThis.O=Orbited');"
                + "const users=JSON.parse(require('fs').readFileSync(0,'utf8'));const out=[];"
                + "for(const u of users)for(const n of [1,7,24,256,257,4096])out.push(O.route(u,n));"
                + "console.log(out.join(' '));");
        Process p = new ProcessBuilder("node", "-e", script.toString(), js.toString()).redirectErrorStream(true).start();
        try {
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(users);
            p.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            List<Integer> expected = new ArrayList<>();
            for (String u : users) {
                for (int n : ns) {
                    expected.add(Routes.routeOf(u, n));
                }
            }
            assertThat(out.split(" ")).as("Orbited.route vs Routes.routeOf").containsExactly(
                    expected.stream().map(String::valueOf).toArray(String[]::new));
        } finally {
            p.destroyForcibly();
        }
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
