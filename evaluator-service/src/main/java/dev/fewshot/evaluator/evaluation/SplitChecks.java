package dev.fewshot.evaluator.evaluation;

import dev.fewshot.core.InvalidInputException;
import dev.fewshot.core.sweep.DatasetChecks;
import dev.fewshot.contracts.Split;
import dev.fewshot.core.heads.Head;
import dev.fewshot.vectors.SplitData;

/**
 * Core's DatasetChecks on the test and OOD splits, against the stored head instead of a train pool: both splits
 * non-empty, of the head's dimension, from one embedding model (the one the run asks for, where it names one, and
 * the one the head was fitted on, where its provenance says), test labels in the head's class range.
 */
final class SplitChecks {
    private SplitChecks() {
    }

    /**
     * @param headModelId    the model of the vectors the head was fitted on, or null where it was not recorded
     * @param requestModelId the model the run request names, or null where it names none
     */
    static void check(String datasetId, EvalSplits data, Head head, String headModelId, String requestModelId)
            throws RunFailedException {
        try {
            for (SplitData split : new SplitData[] {data.test(), data.ood()}) {
                String name = "dataset '" + datasetId + "' split " + split.split().id();
                DatasetChecks.notEmpty(name, split.size(), split.split() == Split.OOD
                        ? "empty; AUROC and FPR@95 need OOD rows" : "empty");
                DatasetChecks.sameDim(name, split.x().cols(), "the head", head.dim());
            }
            SplitData test = data.test();
            String testName = "dataset '" + datasetId + "' split " + test.split().id();
            // Scores of vectors from another model are numbers without meaning: refuse them rather than report them.
            DatasetChecks.sameModel("dataset '" + datasetId + "' split " + data.ood().split().id(),
                    data.ood().modelId(), "split " + test.split().id(), test.modelId());
            if (headModelId != null) {
                DatasetChecks.sameModel(testName, test.modelId(), "the head's train split", headModelId);
            }
            DatasetChecks.labelsInRange(testName, test.labels(), head.numClasses(),
                    i -> "item '" + test.itemIds()[i] + "'", "the head");
        } catch (InvalidInputException e) {
            throw new RunFailedException(e.getMessage());
        }
        for (SplitData split : new SplitData[] {data.test(), data.ood()}) {
            if (requestModelId != null && !requestModelId.equals(split.modelId())) {
                throw new RunFailedException("the run asks for model '" + requestModelId + "' but the "
                        + split.split().id() + " split of dataset '" + datasetId + "' was embedded with '"
                        + split.modelId() + "'");
            }
        }
    }
}
