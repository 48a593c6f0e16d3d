package dev.fewshot.evaluator.evaluation;

import dev.fewshot.core.InvalidInputException;
import dev.fewshot.core.sweep.DatasetChecks;
import dev.fewshot.contracts.Split;
import dev.fewshot.core.heads.Head;
import dev.fewshot.vectors.SplitData;

/** Core's DatasetChecks on the test and OOD splits, against the stored head instead of a train pool. */
final class SplitChecks {
    private SplitChecks() {
    }

    static void check(String datasetId, EvalSplits data, Head head) throws RunFailedException {
        try {
            for (SplitData split : new SplitData[] {data.test(), data.ood()}) {
                String name = "dataset '" + datasetId + "' split " + split.split().id();
                DatasetChecks.notEmpty(name, split.size(), split.split() == Split.OOD
                        ? "empty; AUROC and FPR@95 need OOD rows" : "empty");
                DatasetChecks.sameDim(name, split.x().cols(), "the head", head.dim());
            }
            SplitData test = data.test();
            DatasetChecks.labelsInRange("dataset '" + datasetId + "' split test", test.labels(), head.numClasses(),
                    i -> "item '" + test.itemIds()[i] + "'", "the head");
        } catch (InvalidInputException e) {
            throw new RunFailedException(e.getMessage());
        }
    }
}
