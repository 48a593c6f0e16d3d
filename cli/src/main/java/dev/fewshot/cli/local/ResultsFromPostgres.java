package dev.fewshot.cli.local;

import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.store.MetricsTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
        return MetricsTable.read(c, runId, MetricsTable.Order.AS_SWEEP);
    }
}
