package dev.fewshot.store.repositories;

import dev.fewshot.core.sweep.ResultColumn;
import dev.fewshot.core.sweep.ResultRow;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hibernate.Session;

/**
 * The {@code metrics} table, one result row per run × head × K × seed × OOD score, and the {@code results_summary}
 * view over it. Its statements are built from {@link ResultColumn}, so a new result field needs no SQL here, only its
 * migration (checked by SchemaTest).
 */
@Singleton
public class MetricRepository {
    /** A head of a run, by its key. */
    public record StepKey(String head, int k, long seed) {
    }

    private static final String COLUMN_LIST = ResultColumn.ALL.stream().map(ResultColumn::id)
            .collect(Collectors.joining(", "));

    private static final String INSERT = "insert into metrics (run_id, " + COLUMN_LIST + ") values (?"
            + ", ?".repeat(ResultColumn.ALL.size()) + ") on conflict do nothing";

    private final Session session;
    private final NativeSql sql;

    /** On the session of the current unit of work (Quarkus injects the transaction-scoped one). */
    @Inject
    public MetricRepository(Session session) {
        this.session = session;
        this.sql = new NativeSql(session);
    }

    /** Inserts result rows; rows already there (a redelivered event) are left as they are. Returns rows inserted. */
    public int insert(String runId, List<ResultRow> rows) {
        int inserted = 0;
        for (ResultRow r : rows) {
            Object[] args = new Object[1 + ResultColumn.ALL.size()];
            args[0] = runId;
            int i = 1;
            for (ResultColumn col : ResultColumn.ALL) {
                args[i++] = NativeSql.nullable(r.get(col), col.type().javaType());
            }
            inserted += sql.update(INSERT, args);
        }
        return inserted;
    }

    /** A run's result rows in the given order. */
    public List<ResultRow> read(String runId, ResultOrder order) {
        List<ResultRow> rows = sql.list("select " + COLUMN_LIST + " from metrics where run_id = ? order by "
                + order.sql, r -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    int i = 0;
                    for (ResultColumn col : ResultColumn.ALL) {
                        fields.put(col.id(), col.type().javaType().cast(widen(r[i++], col)));
                    }
                    return ResultRow.fromFields(fields);
                }, runId);
        return Collections.unmodifiableList(rows);
    }

    /** Whether the step already has result rows (a redelivered event is not evaluated again). */
    public boolean has(String runId, String head, int k, long seed) {
        return sql.first("select 1 from metrics where run_id = ? and head = ? and k = ? and seed = ? limit 1",
                r -> true, runId, head, k, seed).isPresent();
    }

    /**
     * The head × K × seed with the highest AUROC for {@code score} among those matching the given parts (null = any),
     * ties by head, K, seed.
     */
    public Optional<StepKey> bestByAuroc(String runId, String score, String head, Integer k, Long seed) {
        StringBuilder query = new StringBuilder("select head, k, seed from metrics where run_id = ? and ood_score = ?");
        List<Object> args = new ArrayList<>(List.of(runId, score));
        if (head != null) {
            query.append(" and head = ?");
            args.add(head);
        }
        if (k != null) {
            query.append(" and k = ?");
            args.add(k);
        }
        if (seed != null) {
            query.append(" and seed = ?");
            args.add(seed);
        }
        query.append(" order by auroc desc, head, k, seed limit 1");
        return sql.first(query.toString(), r -> new StepKey(NativeSql.text(r[0]), NativeSql.integer(r[1]),
                NativeSql.int64(r[2])), args.toArray());
    }

    /**
     * A run's rows of the {@code results_summary} view (V12: mean and sample std over seeds of every metric, per
     * head × K × OOD score), by head, K, score: column name to value in the view's order, so a metric added to the
     * schema (and the view) reaches the API without a field written here.
     */
    public List<Map<String, Object>> summary(String runId) {
        List<jakarta.persistence.Tuple> tuples = session.createNativeQuery(
                "select * from results_summary where run_id = ? order by head, k, ood_score", jakarta.persistence.Tuple.class)
                .setParameter(1, runId).getResultList();
        List<Map<String, Object>> out = new ArrayList<>(tuples.size());
        for (jakarta.persistence.Tuple t : tuples) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (jakarta.persistence.TupleElement<?> e : t.getElements()) {
                row.put(e.getAlias(), t.get(e));
            }
            out.add(row);
        }
        return out;
    }

    /** The driver's number for a column, as the schema's Java type (an integer column may come back wider). */
    private static Object widen(Object v, ResultColumn col) {
        if (v == null || !(v instanceof Number n)) {
            return v;
        }
        return switch (col.type()) {
            case INTEGER -> n.intValue();
            case BIGINT -> n.longValue();
            case DOUBLE -> n.doubleValue();
            case TEXT -> v;
        };
    }
}
