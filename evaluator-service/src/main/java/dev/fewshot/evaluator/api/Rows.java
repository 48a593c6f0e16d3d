package dev.fewshot.evaluator.api;

import dev.fewshot.store.entities.RunEntity;
import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.store.entities.RunEventEntity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entities as JSON-ready maps: keys are the column names in table order, nulls stay JSON nulls,
 * timestamps are ISO-8601 UTC. Maps (not the entities) are serialised so the field names and order are fixed here.
 */
final class Rows {
    private Rows() {
    }

    static Map<String, Object> run(RunEntity r, long done) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_id", r.runId);
        row.put("dataset_id", r.datasetId);
        row.put("status", r.status);
        row.put("reason", r.reason);
        row.put("total_steps", r.totalSteps);
        row.put("done", done);
        row.put("created_at", iso(r.createdAt));
        row.put("updated_at", iso(r.updatedAt));
        return row;
    }

    static Map<String, Object> histogram(PlotRows.Histogram r) {
        ScoreHistogram h = r.histogram();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("head", r.head());
        row.put("k", r.k());
        row.put("seed", r.seed());
        row.put("ood_score", r.oodScore());
        row.put("lo", h.lo());
        row.put("hi", h.hi());
        row.put("id_counts", h.idCounts());
        row.put("ood_counts", h.oodCounts());
        row.put("threshold95", h.threshold95());
        return row;
    }

    /** The bins as stored (counts, mean confidence, accuracy per bin; edges are b / B and not sent). */
    static Map<String, Object> reliability(PlotRows.Reliability r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("head", r.head());
        row.put("k", r.k());
        row.put("seed", r.seed());
        row.put("counts", r.bins().stream().mapToInt(Calibration.Bin::count).toArray());
        row.put("mean_confidence", r.bins().stream().mapToDouble(Calibration.Bin::meanConfidence).toArray());
        row.put("accuracy", r.bins().stream().mapToDouble(Calibration.Bin::accuracy).toArray());
        return row;
    }

    static Map<String, Object> event(RunEventEntity e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("event_key", e.eventKey);
        row.put("type", e.type);
        row.put("k", e.k);
        row.put("seed", e.seed);
        row.put("head", e.head);
        row.put("reason", e.reason);
        row.put("at", iso(e.occurredAt));
        return row;
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
