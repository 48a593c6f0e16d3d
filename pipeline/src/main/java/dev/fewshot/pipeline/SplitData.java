package dev.fewshot.pipeline;

import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.FloatMatrix;

/**
 * A complete split read back from the vector topic, rows in a canonical order (sorted by item
 * id, numerically where ids are numbers), so every reader builds the same matrix whatever the
 * partitioning and arrival order.
 */
public record SplitData(String datasetId, Split split, String modelId, FloatMatrix x, int[] labels, String[] itemIds,
                        long failedCount) {

    public int size() {
        return labels.length;
    }
}
