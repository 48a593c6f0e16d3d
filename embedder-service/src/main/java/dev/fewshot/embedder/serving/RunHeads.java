package dev.fewshot.embedder.serving;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadCodec;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What classify needs from a finished run, read from PostgreSQL: the fitted head, the best head by
 * AUROC, the 95%-TPR threshold measured on the run's ID test set, and the class names. Heads are
 * immutable once stored, so decoded heads are cached (a few, LRU: 2 MB each at 1000 classes).
 */
@ApplicationScoped
public class RunHeads {
    /** Which head of a run. */
    public record Key(String runId, String head, int k, long seed) {
    }

    private static final int CACHE = 16;

    @Inject
    AgroalDataSource ds;

    private final Map<Key, Head> cache = new LinkedHashMap<>(CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Head> e) {
            return size() > CACHE;
        }
    };

    /** A stored calibration: a head and the name under which its scores are kept (docs/conformal.md). */
    private record CalibrationKey(Key head, String name) {
    }

    /** Calibration scores (about 80 KB each at 10,000 rows), a few per head: the same LRU bound, per name. */
    private final Map<CalibrationKey, double[]> calibrations = new LinkedHashMap<>(4 * CACHE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CalibrationKey, double[]> e) {
            return size() > 4 * CACHE;
        }
    };

    /** The run's dataset id; 404 if there is no such run. */
    public String datasetOf(String runId) {
        List<String> d = query("select dataset_id from runs where run_id = ?", rs -> rs.getString(1), runId);
        if (d.isEmpty()) {
            throw new ClassifyException(404, "unknown run '" + runId + "'");
        }
        return d.get(0);
    }

    /** The model whose vectors the run's dataset holds (as the trainer recorded it); null if not recorded. */
    public String modelOf(String runId) {
        List<String> m = query("select d.model_id from runs r join datasets d on d.dataset_id = r.dataset_id"
                + " where r.run_id = ?", rs -> rs.getString(1), runId);
        return m.isEmpty() ? null : m.get(0);
    }

    /**
     * Fills in "best" (null) parts of the key: the head × K × seed with the highest AUROC for this
     * OOD score among those matching the given parts (ties: head, K, seed order).
     */
    public Key resolve(String runId, String head, Integer k, Long seed, String score) {
        if (head != null && k != null && seed != null) {
            return new Key(runId, head, k, seed);
        }
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
        List<Key> best = query(sql.toString(), rs -> new Key(runId, rs.getString(1), rs.getInt(2), rs.getLong(3)),
                args.toArray());
        if (best.isEmpty()) {
            throw new ClassifyException(404, "run '" + runId + "' has no metrics for OOD score " + score
                    + (head != null ? " and head " + head : "") + (k != null ? " at K=" + k : "")
                    + (seed != null ? " seed " + seed : "") + " (is it finished?)");
        }
        return best.get(0);
    }

    public synchronized Head head(Key key) {
        Head h = cache.get(key);
        if (h == null) {
            List<byte[]> params = query("select params from heads where run_id = ? and head = ? and k = ? and seed = ?",
                    rs -> rs.getBytes(1), key.runId(), key.head(), key.k(), key.seed());
            if (params.isEmpty()) {
                throw new ClassifyException(404, "run '" + key.runId() + "' has no " + key.head() + " head at K="
                        + key.k() + " seed " + key.seed() + "; it has: " + String.join(", ", available(key.runId())));
            }
            h = HeadCodec.decode(params.get(0));
            cache.put(key, h);
        }
        return h;
    }

    /** The 95%-TPR threshold measured in the run for this head and score, if the run stored one. */
    public Double threshold95(Key key, String score) {
        List<Double> t = query("select threshold95 from score_histograms where run_id = ? and head = ? and k = ?"
                + " and seed = ? and ood_score = ?", rs -> rs.getDouble(1), key.runId(), key.head(), key.k(),
                key.seed(), score);
        return t.isEmpty() ? null : t.get(0);
    }

    /**
     * The run's calibration scores of this head under {@code name} (an OOD score id, or set:lac / set:aps), sorted
     * ascending (docs/conformal.md); null if the run stored none (a run before V7, or a test split too small).
     */
    public synchronized double[] conformalScores(Key key, String name) {
        // stored once with the step's metrics and never changed: cached like the heads, not read per request
        CalibrationKey ck = new CalibrationKey(key, name);
        double[] cached = calibrations.get(ck);
        if (cached != null) {
            return cached;
        }
        List<double[]> s = query("select scores from conformal_scores where run_id = ? and head = ? and k = ?"
                + " and seed = ? and name = ?", rs -> {
                    Double[] boxed = (Double[]) rs.getArray(1).getArray();
                    double[] out = new double[boxed.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = boxed[i];
                    }
                    return out;
                }, key.runId(), key.head(), key.k(), key.seed(), name);
        if (s.isEmpty()) {
            return null; // not cached: a run still being evaluated may store it later
        }
        calibrations.put(ck, s.get(0));
        return s.get(0);
    }

    /** The OOD scores the run asked for, in its order (from the stored request). */
    public List<String> scores(String runId) {
        return query("select jsonb_array_elements_text(request -> 'ood_scores') from runs where run_id = ?",
                rs -> rs.getString(1), runId);
    }

    /** The class-list spec of the dataset's latest completed text embedding ("imagenet" or a file), if any. */
    public String classListOf(String datasetId) {
        List<String> c = query("select request ->> 'classes' from embed_requests where dataset_id = ? and split = 'text'"
                + " and status = 'completed' order by updated_at desc limit 1", rs -> rs.getString(1), datasetId);
        return c.isEmpty() ? null : c.get(0);
    }

    private List<String> available(String runId) {
        return query("select head || ' K=' || k || ' seed ' || seed from heads where run_id = ? order by head, k, seed",
                rs -> rs.getString(1), runId);
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new ClassifyException(503, "database unavailable: " + e.getMessage());
        }
    }
}
