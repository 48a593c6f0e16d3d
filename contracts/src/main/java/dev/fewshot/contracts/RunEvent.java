package dev.fewshot.contracts;

/**
 * Progress, status and completion of a run (topic {@link Topics#RUN_EVENTS}, key = run id).
 *
 * @param k      set on heads_trained and evaluated events
 * @param seed   set on heads_trained and evaluated events
 * @param head   set on heads_trained events
 * @param reason set on failed events: what was wrong, naming the input
 * @param at     ISO-8601 instant the event was emitted
 */
public record RunEvent(Integer version, String runId, Type type, Integer k, Long seed, String head, String reason,
                       Integer done, Integer total, String at) {
    public static final int VERSION = 1;

    public enum Type { accepted, heads_trained, evaluated, completed, failed }

    public static RunEvent of(String runId, Type type, String at) {
        return new RunEvent(VERSION, runId, type, null, null, null, null, null, null, at);
    }

    public static RunEvent failed(String runId, String reason, String at) {
        return new RunEvent(VERSION, runId, Type.failed, null, null, null, reason, null, null, at);
    }

    public static RunEvent parse(String json) {
        RunEvent e = Json.read(json, RunEvent.class, "run event");
        if (e.version() == null || e.version() != VERSION) {
            throw new InvalidMessageException("unsupported run event version " + e.version());
        }
        if (e.runId() == null || e.type() == null) {
            throw new InvalidMessageException("run event needs run_id and type");
        }
        Ids.check("run_id", e.runId());
        Ids.check("head", e.head());
        if (e.k() != null && e.k() < 0 || e.done() != null && e.done() < 0 || e.total() != null && e.total() < 0) {
            throw new InvalidMessageException("run event of run " + e.runId() + " has a negative k, done or total");
        }
        if (e.type() == Type.heads_trained && (e.head() == null || e.k() == null || e.seed() == null)) {
            throw new InvalidMessageException("heads_trained event of run " + e.runId() + " needs head, k and seed");
        }
        if (e.type() == Type.evaluated && (e.k() == null || e.seed() == null)) {
            throw new InvalidMessageException("evaluated event of run " + e.runId() + " needs k and seed");
        }
        return e;
    }

    /** Parses a record's bytes: strict UTF-8, then {@link #parse(String)}. */
    public static RunEvent parse(byte[] bytes) {
        return parse(Json.utf8(bytes, "run event"));
    }

    public String toJson() {
        return Json.write(this);
    }
}
