package dev.fewshot.evaluator.evaluation;

import dev.fewshot.core.heads.Head;
import dev.fewshot.vectors.SplitData;

/** The checks {@code Dataset.validated} makes on the test and OOD splits, against the head instead of a train pool. */
final class SplitChecks {
    private SplitChecks() {
    }

    static void check(String datasetId, EvalSplits data, Head head) throws RunFailedException {
        SplitData test = data.test();
        SplitData ood = data.ood();
        String at = "dataset '" + datasetId + "' ";
        if (test.size() == 0) {
            throw new RunFailedException(at + "split test is empty");
        }
        if (ood.size() == 0) {
            throw new RunFailedException(at + "split ood is empty; AUROC and FPR@95 need OOD rows");
        }
        if (test.x().cols() != head.dim() || ood.x().cols() != head.dim()) {
            throw new RunFailedException(at + "has " + test.x().cols() + "-d test and " + ood.x().cols()
                    + "-d OOD vectors but the head is " + head.dim() + "-d");
        }
        for (int i = 0; i < test.labels().length; i++) {
            int y = test.labels()[i];
            if (y < 0 || y >= head.numClasses()) {
                throw new RunFailedException(at + "split test: item '" + test.itemIds()[i] + "' has label " + y
                        + ", outside the head's " + head.numClasses() + " classes");
            }
        }
    }
}
