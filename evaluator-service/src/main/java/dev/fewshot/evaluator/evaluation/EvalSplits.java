package dev.fewshot.evaluator.evaluation;

import dev.fewshot.vectors.SplitData;

/** The two splits every head of a dataset is scored on. */
public record EvalSplits(SplitData test, SplitData ood) {
}
