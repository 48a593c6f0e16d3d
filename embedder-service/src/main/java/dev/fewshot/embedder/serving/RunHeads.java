package dev.fewshot.embedder.serving;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.repositories.EmbedRequestRepository;
import dev.fewshot.store.repositories.HeadRepository;
import dev.fewshot.store.repositories.MetricRepository;
import dev.fewshot.store.repositories.PlotRepository;
import dev.fewshot.store.repositories.RunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
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
    Db db;

    @Inject
    RunRepository runs;

    @Inject
    HeadRepository heads;

    @Inject
    MetricRepository metrics;

    @Inject
    PlotRepository plots;

    @Inject
    EmbedRequestRepository embedRequests;

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
        return read(() -> runs.find(runId)).map(RunRepository.RunRow::datasetId)
                .orElseThrow(() -> new ClassifyException(404, "unknown run '" + runId + "'"));
    }

    /** The model whose vectors the run's dataset holds (as the trainer recorded it); null if not recorded. */
    public String modelOf(String runId) {
        return read(() -> runs.modelOf(runId)).orElse(null);
    }

    /**
     * Fills in "best" (null) parts of the key: the head × K × seed with the highest AUROC for this
     * OOD score among those matching the given parts (ties: head, K, seed order).
     */
    public Key resolve(String runId, String head, Integer k, Long seed, String score) {
        if (head != null && k != null && seed != null) {
            return new Key(runId, head, k, seed);
        }
        MetricRepository.StepKey best = read(() -> metrics.bestByAuroc(runId, score, head, k, seed))
                .orElseThrow(() -> new ClassifyException(404, "run '" + runId + "' has no metrics for OOD score "
                        + score + (head != null ? " and head " + head : "") + (k != null ? " at K=" + k : "")
                        + (seed != null ? " seed " + seed : "") + " (is it finished?)"));
        return new Key(runId, best.head(), best.k(), best.seed());
    }

    public synchronized Head head(Key key) {
        Head h = cache.get(key);
        if (h == null) {
            HeadRepository.HeadRow row = read(() -> heads.find(key.runId(), key.head(), key.k(), key.seed()))
                    .orElse(null);
            if (row == null) {
                List<String> have = read(() -> heads.available(key.runId()));
                throw new ClassifyException(404, "run '" + key.runId() + "' has no " + key.head() + " head at K="
                        + key.k() + " seed " + key.seed() + "; it has: " + String.join(", ", have));
            }
            h = HeadCodec.decode(row.params());
            cache.put(key, h);
        }
        return h;
    }

    /** The 95%-TPR threshold measured in the run for this head and score, if the run stored one. */
    public Double threshold95(Key key, String score) {
        return read(() -> plots.threshold95(key.runId(), key.head(), key.k(), key.seed(), score)).orElse(null);
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
        double[] s = read(() -> plots.conformalScores(key.runId(), key.head(), key.k(), key.seed(), name))
                .orElse(null);
        if (s != null) { // not cached when absent: a run still being evaluated may store it later
            calibrations.put(ck, s);
        }
        return s;
    }

    /** The OOD scores the run asked for, in its order (from the stored request). */
    public List<String> scores(String runId) {
        return read(() -> runs.oodScores(runId));
    }

    /** The class-list spec of the dataset's latest completed text embedding ("imagenet" or a file), if any. */
    public String classListOf(String datasetId) {
        return read(() -> embedRequests.classListOf(datasetId)).orElse(null);
    }

    /** A read for a /classify request: the database being away is the request's 503, not a crash. */
    private <T> T read(Db.Work<T> work) {
        try {
            return db.transaction(work);
        } catch (SQLException e) {
            throw new ClassifyException(503, "database unavailable: " + e.getMessage());
        }
    }
}
