package dev.fewshot.contracts;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The status of a run, as stored in {@code runs.status} and served by the evaluator's REST API: accepted →
 * training (trainer) → evaluating (trainer, all heads fitted) → completed (evaluator, every step scored), or failed
 * with a reason at any point. The one place the names are written; the schema's check constraint lists the same
 * names (SchemaTest compares them).
 */
public enum RunStatus {
    ACCEPTED, TRAINING, EVALUATING, COMPLETED, FAILED;

    /** The stored name: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Completed or failed: nothing will change the run any more. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Statuses in which the trainer still owes work on the run. */
    public boolean trainerOwesWork() {
        return this == ACCEPTED || this == TRAINING;
    }

    public boolean is(String stored) {
        return id().equals(stored);
    }

    public static RunStatus fromId(String id) {
        for (RunStatus s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + id + "'; known: " + Arrays.stream(values())
                .map(RunStatus::id).collect(Collectors.joining(", ")));
    }

    /** A SQL list of statuses, e.g. {@code ('accepted', 'training')}: the names are fixed words, safe to inline. */
    public static String sqlList(RunStatus... statuses) {
        return Arrays.stream(statuses).map(s -> "'" + s.id() + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}
