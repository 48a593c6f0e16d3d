package dev.fewshot.store;

import dev.fewshot.store.repositories.MetricRepository;
import dev.fewshot.store.repositories.ResultOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fewshot.core.heads.SolverOutcome;
import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.stack.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metrics table as the migrations build it is exactly the result schema, and rows round-trip bit for bit. */
class MetricRepositoryTest {
    static LocalPostgres pg;

    @BeforeAll
    static void migrate() {
        pg = MigratedPostgres.start();
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void migrationsBuildTheResultSchema() throws SQLException {
        List<String> expected = new ArrayList<>(List.of("run_id text NO"));
        for (ResultColumn c : ResultColumn.ALL) {
            expected.add(c.id() + " " + c.type().sqlType() + " " + (c.nullable() ? "YES" : "NO"));
        }
        List<String> actual = new ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select column_name, data_type, is_nullable from information_schema.columns"
                     + " where table_name = 'metrics' order by ordinal_position")) {
            while (rs.next()) {
                actual.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        assertEquals(expected, actual, "metrics table vs ResultColumn (add a migration with the column)");
    }

    @Test
    void rowsRoundTripBitForBit() throws SQLException {
        ResultRow linear = row("linear", 4, 7L, "msp", 0.1 + 0.2, 12.5, new SolverOutcome(SolverOutcome.Stop.MAX_ITER, 1000));
        ResultRow proto = row("prototype", 4, 7L, "energy", Double.MIN_VALUE, Double.NaN, null);
        ResultRow zs = row("zero-shot", 0, -3L, "mcm", 1.0 - Math.ulp(1.0), Double.NaN, null);
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("insert into runs(run_id, dataset_id, request, status) values ('rt', 'd', '{}', 'accepted')");
        }
        try (StandaloneStore store = StandaloneStore.on(pg.jdbcUrl(), pg.user(), pg.password())) {
            assertEquals(3, (int) store.inTransaction(s -> new MetricRepository(s).insert("rt", List.of(linear, proto, zs))));
            assertEquals(0, (int) store.inTransaction(s -> new MetricRepository(s).insert("rt", List.of(proto))),
                    "a redelivered row is left as it is");
            assertEquals(List.of(linear, proto, zs),
                    store.inTransaction(s -> new MetricRepository(s).read("rt", ResultOrder.BY_HEAD)));
            assertEquals(List.of(zs, linear, proto),
                    store.inTransaction(s -> new MetricRepository(s).read("rt", ResultOrder.AS_SWEEP)));
        }
    }

    static ResultRow row(String head, int k, long seed, String score, double accuracy, double hyper, SolverOutcome s) {
        ResultRow.Builder b = ResultRow.builder();
        double v = 0.01;
        for (ResultColumn c : ResultColumn.metrics()) {
            b.set(c, v += 0.0123456789);
        }
        return b.set(ResultColumn.HEAD, head).set(ResultColumn.K, k).set(ResultColumn.SEED, seed)
                .set(ResultColumn.OOD_SCORE, score).set(ResultColumn.ACCURACY, accuracy).set(ResultColumn.HYPER, hyper)
                .set(ResultColumn.SUPPORT_SIZE, 40 * k).set(ResultColumn.SHORT_CLASSES, 0)
                .set(ResultColumn.FIT_MS, 12L).set(ResultColumn.SCORE_MS, Long.MAX_VALUE).solver(s).build();
    }
}
