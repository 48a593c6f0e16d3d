package dev.fewshot.core.sweep;

import dev.fewshot.core.InvalidInputException;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The rules a dataset must meet before a sweep uses it, written once for {@link Dataset#validated} (files given to
 * {@code fewshot sweep}), the trainer (splits read from Kafka) and the evaluator (test and OOD splits against a
 * stored head). Each names the input and the problem ({@link InvalidInputException}); the services turn it into the
 * run's failure reason.
 */
public final class DatasetChecks {
    private DatasetChecks() {
    }

    /** At least one row, else {@code problem}. */
    public static void notEmpty(String name, int rows, String problem) {
        if (rows == 0) {
            throw new InvalidInputException(name, problem);
        }
    }

    /** As many labels as rows. */
    public static void sameRows(String xName, int xRows, String yName, int yRows) {
        if (xRows != yRows) {
            throw new InvalidInputException(yName, "has " + yRows + " labels but " + xName + " has " + xRows + " rows");
        }
    }

    /** Rows of {@code cols} dimensions where {@code refName} has {@code d}. */
    public static void sameDim(String name, int cols, String refName, int d) {
        if (cols != d) {
            throw new InvalidInputException(name, "rows have " + cols + " dimensions but " + refName + " has " + d);
        }
    }

    /** Vectors from the same embedding model as {@code refName}'s (null = unknown, as a .npy file). */
    public static void sameModel(String name, String model, String refName, String refModel) {
        if (!Objects.equals(model, refModel)) {
            throw new InvalidInputException(name, "was embedded with model '" + model + "' and " + refName + " with '"
                    + refModel + "'");
        }
    }

    /** The class count: the text split's rows when there is one, else one more than the largest label seen. */
    public static int classCount(int[] labels, int textRows) {
        if (textRows >= 0) {
            return textRows;
        }
        int max = -1;
        for (int y : labels) {
            max = Math.max(max, y);
        }
        return max + 1;
    }

    /**
     * Every label in [0, classes).
     *
     * @param row         names row i in a message (its index, or its item id)
     * @param classSource what set the class count, or null when the labels did
     */
    public static void labelsInRange(String name, int[] labels, int classes, IntFunction<String> row,
                                     String classSource) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException(name, "label " + labels[i] + " at " + row.apply(i) + " is outside [0, "
                        + classes + ")" + (classSource != null ? " (the class count comes from " + classSource + ")" : ""));
            }
        }
    }

    /** Every class has a row (labels already in range): a class without one cannot have a head. */
    public static void everyClassHasRows(String name, int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int y : labels) {
            counts[y]++;
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                throw new InvalidInputException(name, "class " + c + " has no rows in the train pool");
            }
        }
    }
}
