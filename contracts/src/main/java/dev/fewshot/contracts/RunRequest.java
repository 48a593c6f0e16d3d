package dev.fewshot.contracts;

import java.util.List;
import java.util.UUID;

/**
 * A request to run the sweep on a dataset through the services (topic {@link Topics#RUN_REQUESTS}).
 * Only {@code version} and {@code datasetId} are required; the rest default as in
 * {@code fewshot sweep}.
 */
public record RunRequest(Integer version, String runId, String datasetId, String modelId, List<Integer> shots,
                         List<Long> seeds, List<String> heads, List<String> oodScores, Options options) {
    public static final int VERSION = 1;

    /** Head options; null fields take the sweep defaults. */
    public record Options(Double linearC, String gaussianShrinkage, Integer linearMaxIter) {
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
        return r;
    }

    /** The same request with every default filled in and a run id generated if absent. */
    public RunRequest withDefaults() {
        return new RunRequest(VERSION, runId == null || runId.isBlank() ? UUID.randomUUID().toString() : runId,
                datasetId, modelId == null ? "clip-vit-base-patch32" : modelId,
                shots == null ? List.of(0, 1, 2, 4, 8, 16) : shots,
                seeds == null ? List.of(0L, 1L, 2L) : seeds,
                heads == null ? List.of("zero-shot", "linear", "linear-zs", "prototype", "gaussian") : heads,
                oodScores == null ? List.of("msp", "maxlogit", "energy", "maxcos", "mcm", "mahalanobis") : oodScores,
                options == null ? new Options(null, "auto", 100) : options);
    }

    public String toJson() {
        return Json.write(this);
    }
}
