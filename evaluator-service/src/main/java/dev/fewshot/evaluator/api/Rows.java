package dev.fewshot.evaluator.api;

import dev.fewshot.store.entities.RunEntity;
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
