package dev.fewshot.store.tables;

import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the report and /classify need beside the result rows (V3, V7): score histograms, reliability bins and the
 * calibration scores of the conformal promises. Stored with the step's metrics, never changed afterwards.
 */
public final class PlotsTable {
    private PlotsTable() {
    }

    /** Inserts score histograms; rows already there are left as they are. */
    public static void insertHistograms(Connection c, String runId, List<PlotRows.Histogram> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into score_histograms (run_id, head, k, seed, ood_score,"
                + " lo, hi, id_counts, ood_counts, threshold95) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict do nothing")) {
            for (PlotRows.Histogram r : rows) {
                ScoreHistogram h = r.histogram();
                Sql.bind(ps, runId, r.head(), r.k(), r.seed(), r.oodScore(), h.lo(), h.hi(),
                        c.createArrayOf("integer", boxed(h.idCounts())), c.createArrayOf("integer", boxed(h.oodCounts())),
                        h.threshold95());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts reliability bins; rows already there are left as they are. Bin edges are b / B, so not stored. */
    public static void insertReliability(Connection c, String runId, List<PlotRows.Reliability> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into reliability (run_id, head, k, seed, counts,"
                + " mean_confidence, accuracy) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (PlotRows.Reliability r : rows) {
                Sql.bind(ps, runId, r.head(), r.k(), r.seed(),
                        c.createArrayOf("integer", r.bins().stream().map(Calibration.Bin::count).toArray(Integer[]::new)),
                        c.createArrayOf("float8", r.bins().stream().map(Calibration.Bin::meanConfidence)
                                .toArray(Double[]::new)),
                        c.createArrayOf("float8", r.bins().stream().map(Calibration.Bin::accuracy).toArray(Double[]::new)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Inserts the calibration scores /classify serves conformal answers from; rows already there are left. */
    public static void insertConformalScores(Connection c, String runId, List<PlotRows.ConformalScores> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into conformal_scores (run_id, head, k, seed, name,"
                + " scores) values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (PlotRows.ConformalScores r : rows) {
                Sql.bind(ps, runId, r.head(), r.k(), r.seed(), r.name(),
                        c.createArrayOf("float8", Arrays.stream(r.sorted()).boxed().toArray(Double[]::new)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A run's histograms by head, K, seed, score. */
    public static List<PlotRows.Histogram> histograms(Connection c, String runId) throws SQLException {
        return Sql.list(c, "select head, k, seed, ood_score, lo, hi, id_counts, ood_counts, threshold95"
                + " from score_histograms where run_id = ? order by head, k, seed, ood_score",
                rs -> new PlotRows.Histogram(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                        new ScoreHistogram(rs.getDouble(5), rs.getDouble(6), Sql.ints(rs.getArray(7)),
                                Sql.ints(rs.getArray(8)), rs.getDouble(9))), runId);
    }

    /** A run's reliability bins by head, K, seed. */
    public static List<PlotRows.Reliability> reliability(Connection c, String runId) throws SQLException {
        return Sql.list(c, "select head, k, seed, counts, mean_confidence, accuracy from reliability where run_id = ?"
                + " order by head, k, seed", rs -> new PlotRows.Reliability(rs.getString(1), rs.getInt(2),
                rs.getLong(3), Calibration.storedBins(Sql.ints(rs.getArray(4)), Sql.doubles(rs.getArray(5)),
                Sql.doubles(rs.getArray(6)))),
                runId);
    }

    /** The 95%-TPR threshold measured in the run for this head and score, if the run stored one. */
    public static Optional<Double> threshold95(Connection c, String runId, String head, int k, long seed,
                                               String score) throws SQLException {
        return Sql.first(c, "select threshold95 from score_histograms where run_id = ? and head = ? and k = ?"
                + " and seed = ? and ood_score = ?", rs -> rs.getDouble(1), runId, head, k, seed, score);
    }

    /** Calibration scores of a head under {@code name} (an OOD score id, or set:lac / set:aps), sorted ascending. */
    public static Optional<double[]> conformalScores(Connection c, String runId, String head, int k, long seed,
                                                     String name) throws SQLException {
        return Sql.first(c, "select scores from conformal_scores where run_id = ? and head = ? and k = ? and seed = ?"
                + " and name = ?", rs -> Sql.doubles(rs.getArray(1)), runId, head, k, seed, name);
    }

    private static Integer[] boxed(int[] a) {
        return Arrays.stream(a).boxed().toArray(Integer[]::new);
    }
}
