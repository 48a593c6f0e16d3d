package dev.fewshot.evaluator.persistence;

import dev.fewshot.contracts.RunStatus;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.store.MetricsTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The evaluator's SQL against the shared schema (store/…/V1__schema.sql). Stateless: every call takes its connection. */
public final class RunStore {

    /** What the evaluator needs of a run. */
    public record RunRow(String runId, String datasetId, String requestJson, String status, Integer totalSteps) {
    }

    /** A stored head: the codec bytes and what the result rows report about its fit. */
    public record HeadRow(byte[] params, int formatVersion, int supportSize, int shortClasses, long fitMs) {
    }

    /**
     * Distinct evaluated steps of a run: (head, k, seed) with metrics, zero-shot counted once since
     * its rows repeat for every seed.
     */
    public static final String DONE_STEPS_SQL = "select count(*) from (select distinct head, k,"
            + " case when head = 'zero-shot' then null else seed end from metrics m where m.run_id = %s) steps";

    private RunStore() {
    }

    public static Optional<RunRow> findRun(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select run_id, dataset_id, request::text, status, total_steps from runs where run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int total = rs.getInt(5);
                return Optional.of(new RunRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.wasNull() ? null : total));
            }
        }
    }

    public static Optional<HeadRow> findHead(Connection c, String runId, String head, int k, long seed)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select params, format_version, support_size, short_classes,"
                + " fit_ms from heads where run_id = ? and head = ? and k = ? and seed = ?")) {
            ps.setString(1, runId);
            ps.setString(2, head);
            ps.setInt(3, k);
            ps.setLong(4, seed);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HeadRow(rs.getBytes(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getLong(5)));
            }
        }
    }

    /** The run's zero-shot head (fitted once, at K=0), if its plan has one. */
    public static Optional<HeadRow> findZeroShotHead(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select params, format_version, support_size, short_classes,"
                + " fit_ms from heads where run_id = ? and head = ? and k = 0 order by seed limit 1")) {
            ps.setString(1, runId);
            ps.setString(2, dev.fewshot.core.heads.HeadKind.ZERO_SHOT.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HeadRow(rs.getBytes(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getLong(5)));
            }
        }
    }

    public static boolean hasMetrics(Connection c, String runId, String head, int k, long seed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select 1 from metrics where run_id = ? and head = ? and k = ? and seed = ? limit 1")) {
            ps.setString(1, runId);
            ps.setString(2, head);
            ps.setInt(3, k);
            ps.setLong(4, seed);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts result rows; rows already there (a redelivered event) are left as they are. */
    public static int insertMetrics(Connection c, String runId, List<ResultRow> rows) throws SQLException {
        return MetricsTable.insert(c, runId, rows);
    }

    /** Inserts score histograms (V3__report.sql); rows already there are left as they are. */
    public static void insertHistograms(Connection c, String runId, List<PlotRows.Histogram> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into score_histograms (run_id, head, k, seed, ood_score,"
                + " lo, hi, id_counts, ood_counts, threshold95) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict do nothing")) {
            for (PlotRows.Histogram r : rows) {
                ScoreHistogram h = r.histogram();
                ps.setString(1, runId);
                ps.setString(2, r.head());
                ps.setInt(3, r.k());
                ps.setLong(4, r.seed());
                ps.setString(5, r.oodScore());
                ps.setDouble(6, h.lo());
                ps.setDouble(7, h.hi());
                ps.setArray(8, c.createArrayOf("integer", boxed(h.idCounts())));
                ps.setArray(9, c.createArrayOf("integer", boxed(h.oodCounts())));
                ps.setDouble(10, h.threshold95());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts the calibration scores /classify serves conformal answers from (V7); rows already there are left. */
    public static void insertConformalScores(Connection c, String runId, List<PlotRows.ConformalScores> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into conformal_scores (run_id, head, k, seed, name,"
                + " scores) values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (PlotRows.ConformalScores r : rows) {
                ps.setString(1, runId);
                ps.setString(2, r.head());
                ps.setInt(3, r.k());
                ps.setLong(4, r.seed());
                ps.setString(5, r.name());
                ps.setArray(6, c.createArrayOf("float8", java.util.Arrays.stream(r.sorted()).boxed()
                        .toArray(Double[]::new)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts reliability bins (V3__report.sql); rows already there are left as they are. */
    public static void insertReliability(Connection c, String runId, List<PlotRows.Reliability> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into reliability (run_id, head, k, seed, counts,"
                + " mean_confidence, accuracy) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (PlotRows.Reliability r : rows) {
                ps.setString(1, runId);
                ps.setString(2, r.head());
                ps.setInt(3, r.k());
                ps.setLong(4, r.seed());
                ps.setArray(5, c.createArrayOf("integer",
                        r.bins().stream().map(Calibration.Bin::count).toArray(Integer[]::new)));
                ps.setArray(6, c.createArrayOf("float8",
                        r.bins().stream().map(Calibration.Bin::meanConfidence).toArray(Double[]::new)));
                ps.setArray(7, c.createArrayOf("float8",
                        r.bins().stream().map(Calibration.Bin::accuracy).toArray(Double[]::new)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Integer[] boxed(int[] a) {
        Integer[] out = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    public static int doneSteps(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(String.format(DONE_STEPS_SQL, "?"))) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Sets a final status; a completed run is never turned into a failed one or back. */
    public static void finish(Connection c, String runId, RunStatus status, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update runs set status = ?, reason = ?, updated_at = now()"
                + " where run_id = ? and status not in " + RunStatus.sqlList(RunStatus.COMPLETED, RunStatus.FAILED))) {
            ps.setString(1, status.id());
            ps.setString(2, reason);
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }

    /**
     * Records an event under its key.
     *
     * @return false if an event with that key was already recorded (so it must not be published again)
     */
    public static boolean recordEvent(Connection c, String eventKey, RunEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into run_events (run_id, event_key, type, k, seed,"
                + " head, reason, at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            ps.setString(1, e.runId());
            ps.setString(2, eventKey);
            ps.setString(3, e.type().name());
            ps.setObject(4, e.k(), Types.INTEGER);
            ps.setObject(5, e.seed(), Types.BIGINT);
            ps.setString(6, e.head());
            ps.setString(7, e.reason());
            ps.setTimestamp(8, Timestamp.from(Instant.parse(e.at())));
            return ps.executeUpdate() == 1;
        }
    }
}
