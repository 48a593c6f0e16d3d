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
        sameDim(xName, x, "the class text embeddings", textX.cols());
        if (x.rows() == 0) {
            throw new InvalidInputException(xName, "the negative-label candidates are empty");
        }
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
        sameRows(xName, x.rows(), yName, y.length);
        sameDim(xName, x, "the train pool", dim());
        if (x.rows() == 0) {
            throw new InvalidInputException(xName, "the calibration set is empty");
        }
        checkLabels(yName, y, numClasses, null);
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
        sameRows(src.trainX(), trainX.rows(), src.trainY(), trainY.length);
        sameRows(src.testX(), testX.rows(), src.testY(), testY.length);
        sameDim(src.testX(), testX, src.trainX(), d);
        sameDim(src.oodX(), oodX, src.trainX(), d);
        if (oodX.rows() == 0) {
            throw new InvalidInputException(src.oodX(), "the OOD set is empty; AUROC and FPR@95 need OOD rows");
        }
        if (testX.rows() == 0) {
            throw new InvalidInputException(src.testX(), "the ID test set is empty");
        }
        int classes;
        if (textX != null) {
            sameDim(src.textX(), textX, src.trainX(), d);
            classes = textX.rows();
        } else {
            classes = 1 + Math.max(max(trainY), max(testY));
        }
        checkLabels(src.trainY(), trainY, classes, textX != null ? src.textX() : null);
        checkLabels(src.testY(), testY, classes, textX != null ? src.textX() : null);
        int[] counts = new int[classes];
        for (int y : trainY) {
            counts[y]++;
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                throw new InvalidInputException(src.trainY(), "class " + c + " has no rows in the train pool");
            }
        }
        return new Dataset(trainX, trainY, testX, testY, oodX, textX, classes, null, null);
    }

    private static void sameRows(String xName, int xRows, String yName, int yRows) {
        if (xRows != yRows) {
            throw new InvalidInputException(yName, "has " + yRows + " labels but " + xName + " has " + xRows + " rows");
        }
    }

    private static void sameDim(String name, FloatMatrix m, String refName, int d) {
        if (m.cols() != d) {
            throw new InvalidInputException(name, "rows have " + m.cols() + " dimensions but " + refName + " has " + d);
        }
    }

    private static void checkLabels(String name, int[] y, int classes, String textName) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new InvalidInputException(name, "label " + y[i] + " at row " + i + " is outside [0, " + classes + ")"
                        + (textName != null ? " (the class count comes from " + textName + ")" : ""));
            }
        }
    }

    private static int max(int[] y) {
        int m = -1;
        for (int v : y) {
            m = Math.max(m, v);
        }
        return m;
    }
}
