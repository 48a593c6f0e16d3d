package dev.fewshot.store.tables;

import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code metrics} table, one result row per run × head × K × seed × OOD score. Its statements are built from
 * {@link ResultColumn}, so a new result field needs no SQL here, only its migration (checked by SchemaTest).
 */
public final class MetricsTable {
    /** Row orders of {@link #read}. */
    public enum Order {
        /** head, K, seed, score: the REST API and the report. */
        BY_HEAD("head, k, seed, ood_score", java.util.Comparator.comparing(ResultRow::head)
                .thenComparingInt(ResultRow::k).thenComparingLong(ResultRow::seed).thenComparing(ResultRow::oodScore)),
        /** seed, K, head, score: the order {@code fewshot sweep --out} writes. */
        AS_SWEEP("seed, k, head, ood_score", java.util.Comparator.comparingLong(ResultRow::seed)
                .thenComparingInt(ResultRow::k).thenComparing(ResultRow::head).thenComparing(ResultRow::oodScore));

        private final String sql;
        private final java.util.Comparator<ResultRow> comparator;

        Order(String sql, java.util.Comparator<ResultRow> comparator) {
            this.sql = sql;
            this.comparator = comparator;
        }

        /** The same order for rows already read (ids are ASCII, so it equals the SQL's). */
        public java.util.Comparator<ResultRow> comparator() {
            return comparator;
        }
    }

    private static final String COLUMN_LIST = ResultColumn.ALL.stream().map(ResultColumn::id)
            .collect(Collectors.joining(", "));

    private static final String INSERT = "insert into metrics (run_id, " + COLUMN_LIST + ") values (?"
            + ", ?".repeat(ResultColumn.ALL.size()) + ") on conflict do nothing";

    private MetricsTable() {
    }

    /** Inserts result rows; rows already there (a redelivered event) are left as they are. Returns rows inserted. */
    public static int insert(Connection c, String runId, List<ResultRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (ResultRow r : rows) {
                ps.setString(1, runId);
                int i = 2;
                for (ResultColumn col : ResultColumn.ALL) {
                    bind(ps, i++, col, r.get(col));
                }
                ps.addBatch();
            }
            int inserted = 0;
            for (int n : ps.executeBatch()) {
                inserted += Math.max(n, 0);
            }
            return inserted;
        }
    }

    /** A run's result rows in the given order. */
    public static List<ResultRow> read(Connection c, String runId, Order order) throws SQLException {
        String sql = "select " + COLUMN_LIST + " from metrics where run_id = ? order by " + order.sql;
        List<ResultRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    int i = 1;
                    for (ResultColumn col : ResultColumn.ALL) {
                        fields.put(col.id(), rs.getObject(i++, col.type().javaType()));
                    }
                    rows.add(ResultRow.fromFields(fields));
                }
            }
        }
        return Collections.unmodifiableList(rows);
    }

    /** Whether the step already has result rows (a redelivered event is not evaluated again). */
    public static boolean has(Connection c, String runId, String head, int k, long seed) throws SQLException {
        return Sql.first(c, "select 1 from metrics where run_id = ? and head = ? and k = ? and seed = ? limit 1",
                rs -> true, runId, head, k, seed).isPresent();
    }

    /** A head of a run, by its key. */
    public record StepKey(String head, int k, long seed) {
    }

    /**
     * The head × K × seed with the highest AUROC for {@code score} among those matching the given parts (null = any),
     * ties by head, K, seed.
     */
    public static Optional<StepKey> bestByAuroc(Connection c, String runId, String score, String head, Integer k,
                                                Long seed) throws SQLException {
        StringBuilder sql = new StringBuilder("select head, k, seed from metrics where run_id = ? and ood_score = ?");
        List<Object> args = new ArrayList<>(List.of(runId, score));
        if (head != null) {
            sql.append(" and head = ?");
            args.add(head);
        }
        if (k != null) {
            sql.append(" and k = ?");
            args.add(k);
        }
        if (seed != null) {
            sql.append(" and seed = ?");
            args.add(seed);
        }
        sql.append(" order by auroc desc, head, k, seed limit 1");
        return Sql.first(c, sql.toString(), rs -> new StepKey(rs.getString(1), rs.getInt(2), rs.getLong(3)),
                args.toArray());
    }

    private static void bind(PreparedStatement ps, int i, ResultColumn col, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, switch (col.type()) {
                case TEXT -> Types.VARCHAR;
                case INTEGER -> Types.INTEGER;
                case BIGINT -> Types.BIGINT;
                case DOUBLE -> Types.DOUBLE;
            });
            return;
        }
        switch (col.type()) {
            case TEXT -> ps.setString(i, (String) v);
            case INTEGER -> ps.setInt(i, (Integer) v);
            case BIGINT -> ps.setLong(i, (Long) v);
            case DOUBLE -> ps.setDouble(i, (Double) v);
        }
    }
}
