package dev.fewshot.store.tables;

import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code results_summary} view (V12): mean and sample std over seeds of every metric of the result schema, per
 * head × K × OOD score. Rows are read column by column as the view names them, so a metric added to the schema (and
 * the view) reaches the API without a field written here.
 */
public final class SummaryTable {
    private SummaryTable() {
    }

    /** A run's summary rows by head, K, OOD score: column name to value, in the view's column order. */
    public static List<Map<String, Object>> rows(Connection c, String runId) throws SQLException {
        return Sql.list(c, "select * from results_summary where run_id = ? order by head, k, ood_score", rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnName(i), rs.getObject(i));
            }
            return row;
        }, runId);
    }
}
