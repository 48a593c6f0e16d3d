package dev.fewshot.store.repositories;

import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * What the report and /classify need beside the result rows (V3, V7): score histograms, reliability bins and the
 * calibration scores of the conformal promises. Stored with the step's metrics, never changed afterwards.
 */
@Singleton
public class PlotRepository {
    private final NativeSql sql;

    /** On the session of the current unit of work (Quarkus injects the transaction-scoped one). */
    @Inject
    public PlotRepository(Session session) {
        this.sql = new NativeSql(session);
    }

    /** Inserts score histograms; rows already there are left as they are. */
    public void insertHistograms(String runId, List<PlotRows.Histogram> rows) {
        for (PlotRows.Histogram r : rows) {
            ScoreHistogram h = r.histogram();
            sql.update("insert into score_histograms (run_id, head, k, seed, ood_score, lo, hi, id_counts, ood_counts,"
                    + " threshold95) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", runId, r.head(),
                    r.k(), r.seed(), r.oodScore(), h.lo(), h.hi(), h.idCounts(), h.oodCounts(), h.threshold95());
        }
    }

    /** Inserts reliability bins; rows already there are left as they are. Bin edges are b / B, so not stored. */
    public void insertReliability(String runId, List<PlotRows.Reliability> rows) {
        for (PlotRows.Reliability r : rows) {
            sql.update("insert into reliability (run_id, head, k, seed, counts, mean_confidence, accuracy)"
                    + " values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing", runId, r.head(), r.k(), r.seed(),
                    r.bins().stream().mapToInt(Calibration.Bin::count).toArray(),
                    r.bins().stream().mapToDouble(Calibration.Bin::meanConfidence).toArray(),
                    r.bins().stream().mapToDouble(Calibration.Bin::accuracy).toArray());
        }
    }

    /** Inserts the calibration scores /classify serves conformal answers from; rows already there are left. */
    public void insertConformalScores(String runId, List<PlotRows.ConformalScores> rows) {
        for (PlotRows.ConformalScores r : rows) {
            sql.update("insert into conformal_scores (run_id, head, k, seed, name, scores) values (?, ?, ?, ?, ?, ?)"
                    + " on conflict do nothing", runId, r.head(), r.k(), r.seed(), r.name(), r.sorted());
        }
    }

    /** A run's histograms by head, K, seed, score. */
    public List<PlotRows.Histogram> histograms(String runId) {
        return sql.list("select head, k, seed, ood_score, lo, hi, id_counts, ood_counts, threshold95"
                + " from score_histograms where run_id = ? order by head, k, seed, ood_score",
                r -> new PlotRows.Histogram(NativeSql.text(r[0]), NativeSql.integer(r[1]), NativeSql.int64(r[2]),
                        NativeSql.text(r[3]), new ScoreHistogram(NativeSql.float64(r[4]), NativeSql.float64(r[5]),
                        NativeSql.ints(r[6]), NativeSql.ints(r[7]), NativeSql.float64(r[8]))), runId);
    }

    /** A run's reliability bins by head, K, seed. */
    public List<PlotRows.Reliability> reliability(String runId) {
        return sql.list("select head, k, seed, counts, mean_confidence, accuracy from reliability where run_id = ?"
                + " order by head, k, seed", r -> new PlotRows.Reliability(NativeSql.text(r[0]),
                NativeSql.integer(r[1]), NativeSql.int64(r[2]), Calibration.storedBins(NativeSql.ints(r[3]),
                NativeSql.doubles(r[4]), NativeSql.doubles(r[5]))), runId);
    }

    /** The 95%-TPR threshold measured in the run for this head and score, if the run stored one. */
    public Optional<Double> threshold95(String runId, String head, int k, long seed, String score) {
        return sql.first("select threshold95 from score_histograms where run_id = ? and head = ? and k = ?"
                + " and seed = ? and ood_score = ?", r -> NativeSql.float64(r[0]), runId, head, k, seed, score);
    }

    /** Calibration scores of a head under {@code name} (an OOD score id, or set:lac / set:aps), sorted ascending. */
    public Optional<double[]> conformalScores(String runId, String head, int k, long seed, String name) {
        return sql.first("select scores from conformal_scores where run_id = ? and head = ? and k = ? and seed = ?"
                + " and name = ?", r -> NativeSql.doubles(r[0]), runId, head, k, seed, name);
    }
}
