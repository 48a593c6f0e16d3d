package dev.fewshot.cli.local;

import dev.fewshot.core.sweep.ResultRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a run's result rows from the metrics table, in the sweep's row order. */
public final class ResultsFromPostgres {
    private ResultsFromPostgres() {
    }

    public static List<ResultRow> read(String jdbcUrl, String user, String password, String runId) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            return read(c, runId);
        }
    }

    /** The same on an open connection. */
    public static List<ResultRow> read(Connection c, String runId) throws SQLException {
        String sql = "select head, k, seed, ood_score, accuracy, auroc, fpr95, aupr_in, aupr_out, ece, conf_id, conf_ood,"
                + " hyper, support_size, short_classes, fit_ms, score_ms, solver_stop, solver_iterations"
                + " from metrics where run_id = ?"
                + " order by seed, k, head, ood_score";
        List<ResultRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double hyper = rs.getDouble(13);
                    if (rs.wasNull()) {
                        hyper = Double.NaN;
                    }
                    rows.add(new ResultRow(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getDouble(5),
                            rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9), rs.getDouble(10),
                            rs.getDouble(11), rs.getDouble(12), hyper, rs.getInt(14), rs.getInt(15), rs.getLong(16),
                            rs.getLong(17), ResultRow.solverOf(rs.getString(18), rs.getObject(19, Integer.class))));
                }
            }
        }
        return rows;
    }
}
