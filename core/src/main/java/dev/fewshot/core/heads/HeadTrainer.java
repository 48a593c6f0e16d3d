package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.Gemm;

/** Fits one kind of head on a support set (Tribuo's Trainer → Model split). */
public interface HeadTrainer {

    HeadKind kind();

    /** Fits a head. Must be deterministic: the same support set gives bit-identical parameters. */
    Head fit(TrainingSet support, Gemm gemm);
}
