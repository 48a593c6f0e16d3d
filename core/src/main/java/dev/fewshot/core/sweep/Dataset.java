package dev.fewshot.core.sweep;

import dev.fewshot.core.InvalidInputException;
import dev.fewshot.core.linalg.FloatMatrix;

/**
 * The inputs of a sweep: a labelled train pool, a labelled ID test set, an OOD set, optionally class text
 * embeddings, and optionally a labelled calibration set for the conformal promises (docs/conformal.md; without one,
 * a share of the test rows is held out). {@link #validated} checks everything a sweep relies on and names the
 * offending input in its error.
 */
public record Dataset(FloatMatrix trainX, int[] trainY, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                      FloatMatrix textX, int numClasses, FloatMatrix calibX, int[] calibY, FloatMatrix negativesX) {

    /** Without negative-label candidates. */
    public Dataset(FloatMatrix trainX, int[] trainY, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                   FloatMatrix textX, int numClasses, FloatMatrix calibX, int[] calibY) {
        this(trainX, trainY, testX, testY, oodX, textX, numClasses, calibX, calibY, null);
    }

    /**
     * The same inputs with NegLabel's candidate negative labels (M×D text embeddings, e.g. of WordNet words): the
     * zero-shot head mines its bank from them and gains the {@code neglabel} score.
     */
    public Dataset withNegatives(FloatMatrix x, String xName) {
        if (textX == null) {
            throw new InvalidInputException(xName, "negative labels need the class text embeddings (zero-shot)");
        }
        DatasetChecks.sameDim(xName, x.cols(), "the class text embeddings", textX.cols());
        DatasetChecks.notEmpty(xName, x.rows(), "the negative-label candidates are empty");
        return new Dataset(trainX, trainY, testX, testY, oodX, textX, numClasses, calibX, calibY, x);
    }

    public boolean hasCalibration() {
        return calibX != null;
    }

    /**
     * The same inputs with a calibration set of labelled ID rows: every test row is then evaluated and these rows
     * calibrate the conformal promises instead of a held-out share of the test rows.
     */
    public Dataset withCalibration(FloatMatrix x, int[] y, String xName, String yName) {
        DatasetChecks.sameRows(xName, x.rows(), yName, y.length);
        DatasetChecks.sameDim(xName, x.cols(), "the train pool", dim());
        DatasetChecks.notEmpty(xName, x.rows(), "the calibration set is empty");
        DatasetChecks.labelsInRange(yName, y, numClasses, i -> "row " + i, null);
        return new Dataset(trainX, trainY, testX, testY, oodX, textX, numClasses, x, y, negativesX);
    }

    /** Names of the inputs, for error messages (file paths for the CLI, topics for services). */
    public record Sources(String trainX, String trainY, String testX, String testY, String oodX, String textX) {
        public static Sources defaults() {
            return new Sources("train-x", "train-y", "test-x", "test-y", "ood-x", "text-x");
        }
    }

    public boolean hasText() {
        return textX != null;
    }

    public int dim() {
        return trainX.cols();
    }

    /**
     * Checks shapes, label ranges and class coverage, and works out the class count: the rows of
     * the text matrix when given, else 1 + the largest label.
     */
    public static Dataset validated(FloatMatrix trainX, int[] trainY, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                                    FloatMatrix textX, Sources src) {
        int d = trainX.cols();
        DatasetChecks.sameRows(src.trainX(), trainX.rows(), src.trainY(), trainY.length);
        DatasetChecks.sameRows(src.testX(), testX.rows(), src.testY(), testY.length);
        DatasetChecks.sameDim(src.testX(), testX.cols(), src.trainX(), d);
        DatasetChecks.sameDim(src.oodX(), oodX.cols(), src.trainX(), d);
        DatasetChecks.notEmpty(src.oodX(), oodX.rows(), "the OOD set is empty; AUROC and FPR@95 need OOD rows");
        DatasetChecks.notEmpty(src.testX(), testX.rows(), "the ID test set is empty");
        if (textX != null) {
            DatasetChecks.sameDim(src.textX(), textX.cols(), src.trainX(), d);
        }
        // without class text, the labels of both sets set the class count
        int classes = textX != null ? textX.rows()
                : Math.max(DatasetChecks.classCount(trainY, -1), DatasetChecks.classCount(testY, -1));
        String classSource = textX != null ? src.textX() : null;
        DatasetChecks.labelsInRange(src.trainY(), trainY, classes, i -> "row " + i, classSource);
        DatasetChecks.labelsInRange(src.testY(), testY, classes, i -> "row " + i, classSource);
        DatasetChecks.everyClassHasRows(src.trainY(), trainY, classes);
        return new Dataset(trainX, trainY, testX, testY, oodX, textX, classes, null, null);
    }
}
