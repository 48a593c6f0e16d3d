package dev.fewshot.contracts;

import dev.fewshot.core.sweep.SweepDefaults;
import java.util.List;
import java.util.UUID;

/**
 * A request to run the sweep on a dataset through the services (topic {@link Topics#RUN_REQUESTS}).
 * Only {@code version} and {@code datasetId} are required; the rest default as in
 * {@code fewshot sweep}.
 */
public record RunRequest(Integer version, String runId, String datasetId, String modelId, List<Integer> shots,
                         List<Long> seeds, List<String> heads, List<String> oodScores, Options options, Double alpha) {
    public static final int VERSION = 1;

    /**
     * A request without its own α: the run's conformal promises take the default level.
     *
     * @see #alpha() the level of the conformal promises, in (0, 1) (docs/conformal.md)
     */
    public RunRequest(Integer version, String runId, String datasetId, String modelId, List<Integer> shots,
                      List<Long> seeds, List<String> heads, List<String> oodScores, Options options) {
        this(version, runId, datasetId, modelId, shots, seeds, heads, oodScores, options, null);
    }

    /**
     * Head and evaluation options; null fields take the sweep defaults.
     *
     * @param bootstrap resamples behind each result's 95% intervals; 0 turns them off (docs/metrics.md)
     */
    public record Options(Double linearC, String gaussianShrinkage, Integer linearMaxIter, Integer bootstrap) {
        /** Head options only; the bootstrap takes its default. */
        public Options(Double linearC, String gaussianShrinkage, Integer linearMaxIter) {
            this(linearC, gaussianShrinkage, linearMaxIter, null);
        }
    }

    /** Parses and checks a request; an unknown version or a missing dataset is an invalid message. */
    public static RunRequest parse(String json) {
        RunRequest r = Json.read(json, RunRequest.class, "run request");
        if (r.version() == null || r.version() != VERSION) {
            throw new InvalidMessageException("unsupported run request version " + r.version()
                    + " (this build reads " + VERSION + ")");
        }
        if (r.datasetId() == null || r.datasetId().isBlank()) {
            throw new InvalidMessageException("run request has no dataset_id");
        }
        Ids.check("run_id", r.runId());
        Ids.check("dataset_id", r.datasetId());
        Ids.check("model_id", r.modelId());
        return r.normalised();
    }

    /** Parses a record's bytes: strict UTF-8, then {@link #parse(String)}. */
    public static RunRequest parse(byte[] bytes) {
        return parse(Json.utf8(bytes, "run request"));
    }

    /**
     * The same request with repeated shots, seeds, heads and OOD scores removed (first occurrence kept, so the
     * order of the plan is the order asked for): a repeated value would plan a step twice and the run would wait
     * for rows that cannot come.
     */
    public RunRequest normalised() {
        return new RunRequest(version, runId, datasetId, modelId, distinct(shots), distinct(seeds), distinct(heads),
                distinct(oodScores), options, alpha);
    }

    static <T> List<T> distinct(List<T> values) {
        return values == null ? null : java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(new java.util.LinkedHashSet<>(values)));
    }

    /**
     * The same request with every default filled in and a run id generated if absent. {@code model_id} stays as
     * given: when present, the dataset's vectors must come from that model (the run fails naming both otherwise);
     * when absent, the run takes the dataset's model.
     */
    public RunRequest withDefaults() {
        return new RunRequest(VERSION, runId == null || runId.isBlank() ? UUID.randomUUID().toString() : runId,
                datasetId, modelId, // absent: whatever model the dataset's vectors were embedded with
                shots == null ? SweepDefaults.shots() : shots,
                seeds == null ? SweepDefaults.seeds() : seeds,
                heads == null ? SweepDefaults.headIds() : heads,
                oodScores == null ? SweepDefaults.oodScoreIds() : oodScores,
                options == null ? new Options(null, SweepDefaults.GAUSSIAN_SHRINKAGE, null) : options, alpha);
    }

    public String toJson() {
        return Json.write(this);
    }
}
