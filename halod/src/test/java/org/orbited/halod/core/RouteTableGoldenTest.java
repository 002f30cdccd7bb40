package org.orbited.halod.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The reference's golden tables (docs/halod.md section 4; halod.md §9 item 2). */
class RouteTableGoldenTest {

    /** The N = 24 table rendered as the reference's markdown rows, compared byte for byte with the copy in test resources. */
    @Test
    void theN24GoldenTableByteForByte() throws Exception {
        StringBuilder out = new StringBuilder("| n |");
        IntStream.rangeClosed(1, 24).forEach(r -> out.append(' ').append(r).append(" |"));
        out.append('\n').append("|---|").append("---|".repeat(24)).append('\n');
        RouteTable t = new RouteTable(24);
        for (int n = 1; n <= 8; n++) {
            t.join(n);
            out.append("| ").append(n).append(" |");
            for (int r = 1; r <= 24; r++) {
                out.append(' ').append(t.owner(r)).append(" |");
            }
            out.append('\n');
        }
        try (InputStream in = getClass().getResourceAsStream("/golden-24.md")) {
            assertThat(out.toString()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The "routes moved to node n (donor order)" and "routes per node" columns. */
    @Test
    void theRoutesMovedColumnInDonorOrder() {
        String[][] expected = {
                {"24 23 22 21 20 19 18 17 16 15 14 13", "1 1 1 1 1 1 1 1 1 1 1 1", "12 12"},
                {"12 24 11 23 10 22 9 21", "1 2 1 2 1 2 1 2", "8 8 8"},
                {"8 20 24 7 19 23", "1 2 3 1 2 3", "6 6 6 6"},
                {"6 18 22 24", "1 2 3 4", "5 5 5 5 4"},
                {"5 17 21 23", "1 2 3 4", "4 4 4 4 4 4"},
                {"4 16 12", "1 2 3", "3 3 3 4 4 4 3"},
                {"20 24 23", "4 5 6", "3 3 3 3 3 3 3 3"},
        };
        RouteTable t = new RouteTable(24);
        assertThat(t.join(1)).hasSize(24).allMatch(m -> m.to() == 1 && m.from() == 0);
        for (int n = 2; n <= 8; n++) {
            List<RouteMove> moved = t.join(n);
            String[] row = expected[n - 2];
            assertThat(join(moved.stream().map(RouteMove::route).toList())).as("routes to %d", n).isEqualTo(row[0]);
            assertThat(join(moved.stream().map(RouteMove::from).toList())).as("donors for %d", n).isEqualTo(row[1]);
            assertThat(moved).allMatch(m -> m.to() == 0 + moved.get(0).to()).hasSize(24 / n);
            List<Integer> counts = new ArrayList<>();
            for (int id = 1; id <= n; id++) {
                counts.add(t.count(id));
            }
            assertThat(join(counts)).as("counts after %d", n).isEqualTo(row[2]);
        }
    }

    @Test
    void n4096With1024NodesGivesFourRoutesEach() {
        RouteTable t = RouteTable.golden(4096, 1024);
        assertThat(IntStream.rangeClosed(1, 1024).map(t::count).distinct().toArray()).containsExactly(4);
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
