package dev.fewshot.store.tables;

import dev.fewshot.contracts.Provenance;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@code heads}: one fitted head per (run, head, K, seed), parameters in the HeadCodec format, with its provenance. */
public final class HeadsTable {
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

    private HeadsTable() {
    }

    /** Stores a fitted head; a row already there (redelivery, restart) is kept as it is. True when stored now. */
    public static boolean insert(Connection c, String runId, NewHead h) throws SQLException {
        return Sql.update(c, "insert into heads (run_id, head, k, seed, format_version, params, dims, classes, hyper,"
                + " support_size, short_classes, fit_ms, provenance) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                + " on conflict do nothing", runId, h.head(), h.k(), h.seed(), h.formatVersion(), h.params(), h.dims(),
                h.classes(), h.hyper(), h.supportSize(), h.shortClasses(), h.fitMs(),
                h.provenance() == null ? null : h.provenance().toJson()) == 1;
    }

    public static Optional<HeadRow> find(Connection c, String runId, String head, int k, long seed)
            throws SQLException {
        return Sql.first(c, HEAD_COLUMNS + " where run_id = ? and head = ? and k = ? and seed = ?", HeadsTable::row,
                runId, head, k, seed);
    }

    /** The run's zero-shot head (fitted once, at K = 0), if its plan has one. */
    public static Optional<HeadRow> findZeroShot(Connection c, String runId) throws SQLException {
        return Sql.first(c, HEAD_COLUMNS + " where run_id = ? and head = ? and k = 0 order by seed limit 1",
                HeadsTable::row, runId, dev.fewshot.core.heads.HeadKind.ZERO_SHOT.id());
    }

    /** The heads a run has, as "head K=k seed s", for messages that name what exists. */
    public static List<String> available(Connection c, String runId) throws SQLException {
        return Sql.list(c, "select head || ' K=' || k || ' seed ' || seed from heads where run_id = ?"
                + " order by head, k, seed", rs -> rs.getString(1), runId);
    }

    /**
     * What the run's stored heads and evaluated steps recorded (V10), each distinct record once: the per-step fields
     * (head, K, seed, support, hyperparameters, solver) are left out in SQL, so a run of thousands of steps reads a
     * handful of documents (the software and the publications they read), in a fixed order.
     */
    public static List<Provenance> provenance(Connection c, String runId) throws SQLException {
        String common = "(provenance - 'head' - 'k' - 'seed' - 'support_size' - 'short_classes' - 'hyperparameters'"
                + " - 'solver_stop' - 'solver_iterations')";
        return Sql.list(c, "select distinct " + common + "::text from heads where run_id = ? and provenance is not null"
                + " union select " + common + "::text from evaluations where run_id = ? order by 1",
                rs -> Provenance.parse(rs.getString(1)), runId, runId);
    }

    /** Records what produced a step's results (V10); a row already there is left as it is. */
    public static void insertEvaluation(Connection c, String runId, String head, int k, long seed,
                                        Provenance provenance) throws SQLException {
        Sql.update(c, "insert into evaluations (run_id, head, k, seed, provenance) values (?, ?, ?, ?, ?::jsonb)"
                + " on conflict do nothing", runId, head, k, seed, provenance.toJson());
    }

    private static HeadRow row(java.sql.ResultSet rs) throws SQLException {
        return new HeadRow(rs.getBytes(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getLong(5), rs.getString(6));
    }
}
