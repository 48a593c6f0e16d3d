package dev.fewshot.contracts;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A request to embed one split of a dataset with CLIP (topic {@link Topics#EMBED_REQUESTS}).
 * Image splits name a source layout; the text split names class names and prompt templates.
 *
 * @param split     train, test, ood, text or negatives (NegLabel's WordNet words; no layout, no classes)
 * @param layout    image splits: {@code type} (class-folders, csv, list) and its parameters
 * @param classes   "imagenet" (bundled list) or a class-list file inside the data roots
 * @param templates text split: "imagenet80" (default), "single", or a template file inside the data roots;
 *                  negatives split: "neglabel" (default, "The nice {}.") or a file with one template
 * @param plan      train split: the shots and seeds of the runs planned on it; only the union of
 *                  their nested K-shot support sets is embedded. Null: the run defaults.
 * @param all       train split: embed every image instead of the planned subset
 */
public record EmbedRequest(Integer version, String requestId, String datasetId, String modelId, String split,
                           Layout layout, String classes, String templates, Plan plan, Boolean all,
                           Integer batchSize) {
    public static final int VERSION = 1;

    public record Layout(String type, Map<String, String> params) {
    }

    public record Plan(List<Integer> shots, List<Long> seeds) {
    }

    public static EmbedRequest parse(String json) {
        EmbedRequest r = Json.read(json, EmbedRequest.class, "embed request");
        if (r.version() == null || r.version() != VERSION) {
            throw new InvalidMessageException("unsupported embed request version " + r.version()
                    + " (this build reads " + VERSION + ")");
        }
        if (r.datasetId() == null || r.datasetId().isBlank()) {
            throw new InvalidMessageException("embed request has no dataset_id");
        }
        Split s;
        try {
            s = Split.fromId(r.split());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("embed request has split '" + r.split()
                    + "'; expected " + Split.known());
        }
        if (!s.isText() && (r.layout() == null || r.layout().type() == null)) {
            throw new InvalidMessageException("embed request for the " + s.id() + " split has no layout");
        }
        if (r.batchSize() != null && (r.batchSize() < 1 || r.batchSize() > 4096)) {
            throw new InvalidMessageException("embed request batch_size " + r.batchSize() + " outside 1..4096");
        }
        Ids.check("request_id", r.requestId());
        Ids.check("dataset_id", r.datasetId());
        Ids.check("model_id", r.modelId());
        Plan plan = r.plan();
        if (plan != null) {
            if (plan.shots() != null) {
                for (Integer k : plan.shots()) {
                    if (k == null || k < 0) {
                        throw new InvalidMessageException("embed request plan.shots must hold K >= 0, got " + k);
                    }
                }
            }
            if (plan.seeds() != null && plan.seeds().contains(null)) {
                throw new InvalidMessageException("embed request plan.seeds has a null seed");
            }
            plan = new Plan(RunRequest.distinct(plan.shots()), RunRequest.distinct(plan.seeds()));
        }
        return new EmbedRequest(r.version(), r.requestId(), r.datasetId(), r.modelId(), r.split(), r.layout(),
                r.classes(), r.templates(), plan, r.all(), r.batchSize());
    }

    /** Parses a record's bytes: strict UTF-8, then {@link #parse(String)}. */
    public static EmbedRequest parse(byte[] bytes) {
        return parse(Json.utf8(bytes, "embed request"));
    }

    public Split splitId() {
        return Split.fromId(split);
    }

    /**
     * The same request with defaults filled in: an id, the default model, ImageNet classes and templates, the run plan.
     * A missing batch_size stays null: the embedder's own setting ({@code fewshot.embedder.batch-size}) applies.
     */
    public EmbedRequest withDefaults() {
        return new EmbedRequest(VERSION, requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId,
                datasetId, modelId == null ? "clip-vit-base-patch32" : modelId, split, layout,
                classes == null ? "imagenet" : classes,
                templates != null ? templates : Split.NEGATIVES.id().equals(split) ? "neglabel" : "imagenet80",
                plan == null ? new Plan(List.of(1, 2, 4, 8, 16), List.of(0L, 1L, 2L)) : plan,
                all != null && all, batchSize);
    }

    public String toJson() {
        return Json.write(this);
    }
}
