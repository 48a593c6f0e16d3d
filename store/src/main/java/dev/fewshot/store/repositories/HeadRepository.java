package dev.fewshot.store.repositories;

import static dev.fewshot.store.repositories.NativeSql.nullable;

import dev.fewshot.contracts.Provenance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * {@code heads}: one fitted head per (run, head, K, seed), parameters in the HeadCodec format, with its provenance;
 * and {@code evaluations}, what produced each evaluated step's results.
 */
@Singleton
public class HeadRepository {
    /** A head to store: the codec bytes and what the result rows report about its fit. */
    public record NewHead(String head, int k, long seed, int formatVersion, byte[] params, int dims, int classes,
                          Double hyper, int supportSize, int shortClasses, long fitMs, Provenance provenance) {
    }

    /**
     * A stored head: the codec bytes, what the result rows report about its fit, and the embedding model of the
     * vectors it was fitted on (from its provenance; null for a head stored before provenance, V10).
     */
    public record HeadRow(byte[] params, int formatVersion, int supportSize, int shortClasses, long fitMs,
                          String modelId) {
    }

    private static final String HEAD_COLUMNS = "select params, format_version, support_size, short_classes, fit_ms,"
            + " provenance->>'model_id' from heads";

    private final NativeSql sql;

    /** On the session of the current unit of work (Quarkus injects the transaction-scoped one). */
    @Inject
    public HeadRepository(Session session) {
        this.sql = new NativeSql(session);
    }

    /** Stores a fitted head; a row already there (redelivery, restart) is kept as it is. True when stored now. */
    public boolean insert(String runId, NewHead h) {
        return sql.update("insert into heads (run_id, head, k, seed, format_version, params, dims, classes, hyper,"
                + " support_size, short_classes, fit_ms, provenance) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                + " on conflict do nothing", runId, h.head(), h.k(), h.seed(), h.formatVersion(), h.params(), h.dims(),
                h.classes(), nullable(h.hyper(), Double.class), h.supportSize(), h.shortClasses(), h.fitMs(),
                nullable(h.provenance() == null ? null : h.provenance().toJson(), String.class)) == 1;
    }

    public Optional<HeadRow> find(String runId, String head, int k, long seed) {
        return sql.first(HEAD_COLUMNS + " where run_id = ? and head = ? and k = ? and seed = ?", HeadRepository::row,
                runId, head, k, seed);
    }

    /** The run's zero-shot head (fitted once, at K = 0), if its plan has one. */
    public Optional<HeadRow> findZeroShot(String runId) {
        return sql.first(HEAD_COLUMNS + " where run_id = ? and head = ? and k = 0 order by seed limit 1",
                HeadRepository::row, runId, dev.fewshot.core.heads.HeadKind.ZERO_SHOT.id());
    }

    /** The heads a run has, as "head K=k seed s", for messages that name what exists. */
    public List<String> available(String runId) {
        return sql.list("select head || ' K=' || k || ' seed ' || seed from heads where run_id = ?"
                + " order by head, k, seed", r -> NativeSql.text(r[0]), runId);
    }

    /**
     * What the run's stored heads and evaluated steps recorded (V10), each distinct record once: the per-step fields
     * (head, K, seed, support, hyperparameters, solver) are left out in SQL, so a run of thousands of steps reads a
     * handful of documents (the software and the publications they read), in a fixed order.
     */
    public List<Provenance> provenance(String runId) {
        String common = "(provenance - 'head' - 'k' - 'seed' - 'support_size' - 'short_classes' - 'hyperparameters'"
                + " - 'solver_stop' - 'solver_iterations')";
        return sql.list("select distinct " + common + "::text from heads where run_id = ? and provenance is not null"
                + " union select " + common + "::text from evaluations where run_id = ? order by 1",
                r -> Provenance.parse(NativeSql.text(r[0])), runId, runId);
    }

    /** Records what produced a step's results (V10); a row already there is left as it is. */
    public void insertEvaluation(String runId, String head, int k, long seed, Provenance provenance) {
        sql.update("insert into evaluations (run_id, head, k, seed, provenance) values (?, ?, ?, ?, ?::jsonb)"
                + " on conflict do nothing", runId, head, k, seed, provenance.toJson());
    }

    private static HeadRow row(Object[] r) {
        return new HeadRow((byte[]) r[0], NativeSql.integer(r[1]), NativeSql.integer(r[2]), NativeSql.integer(r[3]),
                NativeSql.int64(r[4]), NativeSql.text(r[5]));
    }
}
