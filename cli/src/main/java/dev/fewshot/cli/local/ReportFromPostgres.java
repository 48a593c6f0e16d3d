package dev.fewshot.cli.local;

import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.report.ReportInput;
import dev.fewshot.report.Versions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what the run report needs (runs, metrics, score_histograms, reliability) with plain JDBC. */
public final class ReportFromPostgres {
    private ReportFromPostgres() {
    }

    /** The report input, or empty if there is no such run. */
    public static Optional<ReportInput> read(Database.Settings db, String runId) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            ReportInput.RunInfo run = run(c, runId);
            if (run == null) {
                return Optional.empty();
            }
            List<ResultRow> rows = ResultsFromPostgres.read(c, runId);
            return Optional.of(new ReportInput(run, rows, histograms(c, runId), reliability(c, runId),
                    Versions.runtime()));
        }
    }

    private static ReportInput.RunInfo run(Connection c, String runId) throws SQLException {
        String sql = "select r.run_id, r.dataset_id, d.model_id, r.status, r.reason, r.request::text, r.total_steps,"
                + " r.created_at, (select count(*) from (select distinct head, k, case when head = 'zero-shot' then null"
                + " else seed end from metrics m where m.run_id = r.run_id) s)"
                + " from runs r left join datasets d on d.dataset_id = r.dataset_id where r.run_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                int total = rs.getInt(7);
                Integer totalSteps = rs.wasNull() ? null : total;
                java.sql.Timestamp created = rs.getTimestamp(8);
                return new ReportInput.RunInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(9), totalSteps,
                        created == null ? null : created.toInstant().toString());
            }
        }
    }

    private static List<PlotRows.Histogram> histograms(Connection c, String runId) throws SQLException {
        List<PlotRows.Histogram> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select head, k, seed, ood_score, lo, hi, id_counts, ood_counts,"
                + " threshold95 from score_histograms where run_id = ? order by head, k, seed, ood_score")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PlotRows.Histogram(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                            new ScoreHistogram(rs.getDouble(5), rs.getDouble(6), ints(rs.getArray(7)),
                                    ints(rs.getArray(8)), rs.getDouble(9))));
                }
            }
        }
        return out;
    }

    private static List<PlotRows.Reliability> reliability(Connection c, String runId) throws SQLException {
        List<PlotRows.Reliability> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select head, k, seed, counts, mean_confidence, accuracy"
                + " from reliability where run_id = ? order by head, k, seed")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int[] counts = ints(rs.getArray(4));
                    double[] conf = doubles(rs.getArray(5));
                    double[] acc = doubles(rs.getArray(6));
                    List<Calibration.Bin> bins = new ArrayList<>();
                    for (int b = 0; b < counts.length; b++) { // edges b / B, as in Calibration
                        bins.add(new Calibration.Bin(b / (double) counts.length, (b + 1) / (double) counts.length,
                                counts[b], conf[b], acc[b]));
                    }
                    out.add(new PlotRows.Reliability(rs.getString(1), rs.getInt(2), rs.getLong(3), bins));
                }
            }
        }
        return out;
    }

    private static int[] ints(Array a) throws SQLException {
        Object[] v = (Object[]) a.getArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = ((Number) v[i]).intValue();
        }
        return out;
    }

    private static double[] doubles(Array a) throws SQLException {
        Object[] v = (Object[]) a.getArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = ((Number) v[i]).doubleValue();
        }
        return out;
    }
}
