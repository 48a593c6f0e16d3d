package dev.fewshot.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.contracts.Provenance;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunStatus;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.stack.LocalPostgres;
import dev.fewshot.store.repositories.DatasetRepository;
import dev.fewshot.store.repositories.EmbedRequestRepository;
import dev.fewshot.store.repositories.EventRepository;
import dev.fewshot.store.repositories.HeadRepository;
import dev.fewshot.store.repositories.PlotRepository;
import dev.fewshot.store.repositories.RunLockRepository;
import dev.fewshot.store.repositories.RunRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Every repository's statements against a real PostgreSQL migrated as the services migrate it, through Hibernate
 * native queries as the services run them: nulls of every nullable column, arrays, bytea and jsonb round trips,
 * the guarded status transitions and the run lock between two sessions.
 */
class RepositoriesTest {
    static LocalPostgres pg;
    static StandaloneStore store;

    @BeforeAll
    static void start() {
        pg = MigratedPostgres.start();
        store = StandaloneStore.on(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @AfterAll
    static void stop() {
        store.close();
        pg.close();
    }

    static <T> T unit(Function<Session, T> work) {
        return store.inTransaction(work);
    }

    static boolean holds(Function<Session, Boolean> work) {
        return store.inTransaction(work);
    }

    @Test
    void runsMoveOnlyAlongTheirStatuses() {
        assertTrue(holds(s -> new RunRepository(s).insertIfAbsent("r-a", "d-a", "{\"ood_scores\": [\"msp\", \"energy\"]}",
                RunStatus.ACCEPTED, null)));
        assertFalse(holds(s -> new RunRepository(s).insertIfAbsent("r-a", "other", "{}", RunStatus.FAILED, "x")),
                "a known run id is left as it is");
        RunRepository.RunRow row = unit(s -> new RunRepository(s).find("r-a")).orElseThrow();
        assertEquals("d-a", row.datasetId());
        assertEquals("accepted", row.status());
        assertNull(row.reason());
        assertNull(row.totalSteps());
        assertTrue(row.createdAt().endsWith("Z"), row.createdAt());
        assertEquals(List.of("msp", "energy"), unit(s -> new RunRepository(s).oodScores("r-a")));

        assertFalse(holds(s -> new RunRepository(s).transition("r-a", RunStatus.TRAINING, RunStatus.EVALUATING)),
                "not in the from status");
        assertTrue(holds(s -> new RunRepository(s).transition("r-a", RunStatus.ACCEPTED, RunStatus.TRAINING)));
        unit(s -> {
            new RunRepository(s).setTotalSteps("r-a", 12);
            return null;
        });
        assertEquals(new RunRepository.RunState("training", 12), unit(s -> new RunRepository(s).lock("r-a")).orElseThrow());
        unit(s -> {
            new RunRepository(s).finish("r-a", RunStatus.COMPLETED, null);
            return null;
        });
        assertFalse(holds(s -> new RunRepository(s).failQueued("r-a", "late")), "a completed run is not the trainer's");
        unit(s -> {
            new RunRepository(s).finish("r-a", RunStatus.FAILED, "too late");
            return null;
        });
        assertEquals("completed", unit(s -> new RunRepository(s).find("r-a")).orElseThrow().status(),
                "a final status is never changed");
        assertEquals(Optional.empty(), unit(s -> new RunRepository(s).find("no-such-run")));
        assertEquals(0, (int) unit(s -> new RunRepository(s).doneSteps("r-a")));
        assertEquals(Optional.empty(), unit(s -> new RunRepository(s).modelOf("r-a")), "no dataset recorded yet");

        unit(s -> {
            new DatasetRepository(s).upsert("d-a", "clip-vit-b32", 512, 10,
                    List.of(new DatasetRepository.SplitCount("train", 100, 2)));
            new DatasetRepository(s).upsert("d-a", "clip-vit-b32", 512, 10,
                    List.of(new DatasetRepository.SplitCount("train", 101, 1)));
            return null;
        });
        assertEquals(Optional.of("clip-vit-b32"), unit(s -> new RunRepository(s).modelOf("r-a")));
        assertEquals(Optional.of("clip-vit-b32"), unit(s -> new DatasetRepository(s).modelOf("d-a")));
        unit(s -> {
            new DatasetRepository(s).upsert("d-old", null, 512, 10, List.of());
            return null;
        });
        assertEquals(Optional.empty(), unit(s -> new DatasetRepository(s).modelOf("d-old")),
                "a dataset recorded before model ids (V1 allows null) has none, rather than failing the read");
    }

    @Test
    void aQueuedRunFailsWithItsReason() {
        unit(s -> new RunRepository(s).insertIfAbsent("r-f", "d", "{}", RunStatus.ACCEPTED, null));
        assertTrue(holds(s -> new RunRepository(s).failQueued("r-f", "bad dataset 'd': no train split")));
        RunRepository.RunRow row = unit(s -> new RunRepository(s).find("r-f")).orElseThrow();
        assertEquals("failed", row.status());
        assertEquals("bad dataset 'd': no train split", row.reason());
    }

    @Test
    void headsKeepTheirBytesAndProvenance() {
        unit(s -> new RunRepository(s).insertIfAbsent("r-h", "d", "{}", RunStatus.ACCEPTED, null));
        byte[] params = {0, 1, (byte) 0xff, 0x7f, (byte) 0x80};
        Provenance fit = new Provenance(Provenance.VERSION, Provenance.FIT, Map.of("fewshot", "0.1"), "m1", "d",
                Map.of("train", "p1"), Map.of("train", 40L), "linear", 2, 0L, 20, 0, Map.of("C", 10.0), "converged", 31, 3);
        assertTrue(holds(s -> new HeadRepository(s).insert("r-h", new HeadRepository.NewHead("linear", 2, 0L, 3, params,
                512, 10, 10.0, 20, 0, 123L, fit))));
        assertTrue(holds(s -> new HeadRepository(s).insert("r-h", new HeadRepository.NewHead("zero-shot", 0, 0L, 3,
                new byte[0], 512, 10, null, 0, 0, 1L, null))), "no hyperparameter, no provenance");
        assertFalse(holds(s -> new HeadRepository(s).insert("r-h", new HeadRepository.NewHead("linear", 2, 0L, 3,
                new byte[]{9}, 512, 10, 1.0, 20, 0, 1L, fit))), "a stored head is kept as it is");

        HeadRepository.HeadRow row = unit(s -> new HeadRepository(s).find("r-h", "linear", 2, 0L)).orElseThrow();
        assertArrayEquals(params, row.params());
        assertEquals(List.of(3, 20, 0, 123L, "m1"), List.of(row.formatVersion(), row.supportSize(), row.shortClasses(),
                row.fitMs(), row.modelId()));
        assertNull(unit(s -> new HeadRepository(s).findZeroShot("r-h")).orElseThrow().modelId());
        assertEquals(List.of("linear K=2 seed 0", "zero-shot K=0 seed 0"),
                unit(s -> new HeadRepository(s).available("r-h")));
        unit(s -> {
            new HeadRepository(s).insertEvaluation("r-h", "linear", 2, 0L, fit);
            return null;
        });
        List<Provenance> recorded = unit(s -> new HeadRepository(s).provenance("r-h"));
        assertEquals(1, recorded.size(), "per-step fields are left out, so the fit and the evaluation agree: " + recorded);
        assertEquals("m1", recorded.get(0).modelId());
        assertNull(recorded.get(0).k());
    }

    @Test
    void plotsRoundTripBitForBit() {
        unit(s -> new RunRepository(s).insertIfAbsent("r-p", "d", "{}", RunStatus.ACCEPTED, null));
        ScoreHistogram h = new ScoreHistogram(-1.5, 0.1 + 0.2, new int[]{1, 0, Integer.MAX_VALUE}, new int[]{3, 4, 5},
                Double.NaN);
        List<Calibration.Bin> bins = Calibration.storedBins(new int[]{2, 0}, new double[]{0.25, Double.NaN},
                new double[]{0.5, Double.NaN});
        double[] scores = {-Double.MAX_VALUE, -0.0, Double.MIN_VALUE, 1.0 / 3};
        unit(s -> {
            PlotRepository plots = new PlotRepository(s);
            for (int i = 0; i < 2; i++) { // a redelivery is left as it is
                plots.insertHistograms("r-p", List.of(new PlotRows.Histogram("linear", 2, 1L, "msp", h)));
                plots.insertReliability("r-p", List.of(new PlotRows.Reliability("linear", 2, 1L, bins)));
                plots.insertConformalScores("r-p", List.of(new PlotRows.ConformalScores("linear", 2, 1L, "set:aps", scores)));
            }
            return null;
        });
        PlotRows.Histogram back = unit(s -> new PlotRepository(s).histograms("r-p")).get(0);
        assertEquals(List.of("linear", 2, 1L, "msp"), List.of(back.head(), back.k(), back.seed(), back.oodScore()));
        assertEquals(Double.doubleToRawLongBits(h.hi()), Double.doubleToRawLongBits(back.histogram().hi()));
        assertArrayEquals(h.idCounts(), back.histogram().idCounts());
        assertArrayEquals(h.oodCounts(), back.histogram().oodCounts());
        assertTrue(Double.isNaN(back.histogram().threshold95()));
        assertEquals(bins, unit(s -> new PlotRepository(s).reliability("r-p")).get(0).bins());
        double[] got = unit(s -> new PlotRepository(s).conformalScores("r-p", "linear", 2, 1L, "set:aps")).orElseThrow();
        for (int i = 0; i < scores.length; i++) {
            assertEquals(Double.doubleToRawLongBits(scores[i]), Double.doubleToRawLongBits(got[i]), "score " + i);
        }
        assertEquals(Optional.empty(), unit(s -> new PlotRepository(s).conformalScores("r-p", "linear", 2, 1L, "set:lac")));
        assertTrue(Double.isNaN(unit(s -> new PlotRepository(s).threshold95("r-p", "linear", 2, 1L, "msp")).orElseThrow()));
    }

    @Test
    void anEventIsRecordedOnceAtItsInstant() throws Exception {
        unit(s -> new RunRepository(s).insertIfAbsent("r-e", "d", "{}", RunStatus.ACCEPTED, null));
        RunEvent failed = RunEvent.failed("r-e", "no such dataset", "2026-12-07T01:02:03.456789Z");
        assertTrue(holds(s -> new EventRepository(s).record("failed", failed)), "nullable k, seed, head bound as nulls");
        assertFalse(holds(s -> new EventRepository(s).record("failed", failed)));
        assertTrue(holds(s -> new EventRepository(s).exists("r-e", "failed")));
        assertFalse(holds(s -> new EventRepository(s).exists("r-e", "completed")));
        try (Connection c = pg.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select extract(epoch from at)::text, k is null, reason from run_events"
                     + " where run_id = 'r-e'")) {
            assertTrue(rs.next());
            assertEquals("1796605323.456789", rs.getString(1), "the instant, whatever the JVM's zone");
            assertTrue(rs.getBoolean(2));
            assertEquals("no such dataset", rs.getString(3));
        }
    }

    @Test
    void embedRequestsAndFailedItemsAreUpserts() throws Exception {
        EmbedRequest r = EmbedRequest.parse("{\"version\": 1, \"request_id\": \"e1\", \"dataset_id\": \"d-e\", \"model_id\": \"m1\", \"split\": \"text\","
                + " \"classes\": \"imagenet\"}");
        unit(s -> {
            EmbedRequestRepository requests = new EmbedRequestRepository(s);
            requests.started(r);
            requests.progress("e1", 10, 4, 1);
            requests.failedItem("d-e", "text", "x/1.jpg", "not a JPEG");
            requests.failedItem("d-e", "text", "x/1.jpg", "truncated");
            requests.completed("e1", 10, 9, 1);
            return null;
        });
        assertEquals(Optional.of("imagenet"), unit(s -> new EmbedRequestRepository(s).classListOf("d-e")));
        unit(s -> {
            new EmbedRequestRepository(s).failed("e1", "model gone");
            return null;
        });
        assertEquals(Optional.empty(), unit(s -> new EmbedRequestRepository(s).classListOf("d-e")),
                "only a completed text embedding names the classes");
        try (Connection c = pg.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*), max(reason) from failed_items where dataset_id = 'd-e'")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals("truncated", rs.getString(2));
        }
    }

    @Test
    void aRunLockIsHeldByOneSessionAtATime() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(pg.jdbcUrl());
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        RunLockRepository locks = new RunLockRepository(store.sessionFactory(), ds);
        Optional<RunLockRepository.Held> first = locks.tryLock("r-l");
        assertTrue(first.isPresent());
        assertTrue(locks.tryLock("r-l").isEmpty(), "another session cannot take it");
        try (RunLockRepository.Held other = locks.tryLock("r-other").orElseThrow()) {
            assertTrue(other != null, "other runs are not blocked");
        }
        first.get().close();
        try (RunLockRepository.Held again = locks.tryLock("r-l").orElseThrow()) {
            assertTrue(again != null, "released with its session");
        }

        PGSimpleDataSource enlisted = new PGSimpleDataSource() { // what the pool hands out inside a transaction
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Connection c = super.getConnection();
                c.setAutoCommit(false);
                return c;
            }
        };
        enlisted.setURL(pg.jdbcUrl());
        enlisted.setUser(pg.user());
        enlisted.setPassword(pg.password());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new RunLockRepository(store.sessionFactory(), enlisted).tryLock("r-l"));
        assertTrue(e.getMessage().contains("inside a unit of work"), e.getMessage());
        try (RunLockRepository.Held free = locks.tryLock("r-l").orElseThrow()) {
            assertTrue(free != null, "the refused attempt took nothing");
        }
    }

    @Test
    void anUntypedNullIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> unit(s -> new DatasetRepository(s).modelOf(null)));
        assertTrue(e.getMessage().contains("parameter 1 is null"), e.getMessage());
    }
}
