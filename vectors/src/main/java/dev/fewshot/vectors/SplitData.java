package dev.fewshot.vectors;

import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.FloatMatrix;

/**
 * A complete split read back from the vector topic, rows in a canonical order (sorted by item
 * id, numerically where ids are numbers), so every reader builds the same matrix whatever the
 * partitioning and arrival order.
 *
 * @param publication the publication it came from (the latest complete one when the split was published again)
 * @param plan        the embed plan a subset train split was cut to; null when it holds every item
 */
public record SplitData(String datasetId, Split split, String modelId, FloatMatrix x, int[] labels, String[] itemIds,
                        long failedCount, String publication, dev.fewshot.contracts.VectorBatch.EmbedPlan plan) {

    public SplitData(String datasetId, Split split, String modelId, FloatMatrix x, int[] labels, String[] itemIds,
                     long failedCount) {
        this(datasetId, split, modelId, x, labels, itemIds, failedCount, "", null);
    }

    public int size() {
        return labels.length;
    }
}
