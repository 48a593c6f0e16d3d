package dev.fewshot.core.heads.linear;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.HeadTrainer;
import dev.fewshot.core.heads.LinearHead;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;

/**
 * Fits the linear probes. C is fixed when given; otherwise it is chosen by cross-validation over
 * {@link RegularisationSearch#DEFAULT_GRID} with folds by shot index (F = min(K, 4)) when K ≥ 2,
 * and is {@link #K1_C} at K=1, where there is nothing to validate on.
 */
public final class LinearTrainer implements HeadTrainer {
    /** C at K=1 without a fixed value: the CV choice most often made at K=2 on CLIP-like data. */
    public static final double K1_C = 10.0;
    static final int MAX_FOLDS = 4;

    private final HeadKind kind;
    private final Anchor anchor;
    private final Double fixedC;
    private final SolverOptions options;

    private LinearTrainer(HeadKind kind, Anchor anchor, Double fixedC, SolverOptions options) {
        this.kind = kind;
        this.anchor = anchor;
        this.fixedC = fixedC;
        this.options = options;
    }

    /** The plain probe: starts at zero, regularised towards zero. */
    public static LinearTrainer plain(Double fixedC, int maxIter) {
        return new LinearTrainer(HeadKind.LINEAR, null, fixedC, SolverOptions.DEFAULT.withMaxIter(maxIter));
    }

    /** The zero-shot-initialised probe: starts at and is regularised towards 100 · text embeddings. */
    public static LinearTrainer zeroShotAnchored(FloatMatrix scaledZeroShotWeights, Double fixedC, int maxIter) {
        return new LinearTrainer(HeadKind.LINEAR_ZS, new Anchor(scaledZeroShotWeights), fixedC,
                SolverOptions.DEFAULT.withMaxIter(maxIter));
    }

    @Override
    public HeadKind kind() {
        return kind;
    }

    @Override
    public Head fit(TrainingSet support, Gemm gemm) {
        RegularisationSearch.CvResult cv = crossValidate(support, gemm);
        double c = cv != null ? cv.bestC() : fixedC != null ? fixedC : K1_C;
        LinearFit fit = SoftmaxRegression.fit(support.x(), support.y(), support.numClasses(), anchor, c, options, gemm,
                cv == null ? null : cv.startWeights(), cv == null ? null : cv.startBias());
        return new LinearHead(kind, fit.weights(), fit.bias(), c, fit.outcome());
    }

    /** The cross-validation that chooses C, or null where C is fixed or K = 1 leaves nothing to hold out. */
    private RegularisationSearch.CvResult crossValidate(TrainingSet support, Gemm gemm) {
        int[] folds = fixedC != null ? null : cvFolds(support);
        return folds == null ? null : RegularisationSearch.choose(support.x(), support.y(), support.numClasses(),
                folds, null, anchor, options, gemm);
    }

    /** The fold of each support row for choosing C: by shot index, F = min(K, 4); null at K = 1. */
    public static int[] cvFolds(TrainingSet support) {
        int maxShot = 0;
        for (int s : support.shotIndex()) {
            maxShot = Math.max(maxShot, s);
        }
        return maxShot < 1 ? null : support.folds(Math.min(maxShot + 1, MAX_FOLDS));
    }
}
