package dev.fewshot.trainer.runs;

import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.vectors.SplitData;
import java.util.Map;

/**
 * The train pool (and class text, if read) of a dataset, checked as {@code Dataset.validated}
 * checks the CLI's files: the class count is the text rows when there is text, else 1 + the
 * largest train label; every label is in range and every class has train rows.
 */
public record TrainingData(String datasetId, String modelId, SplitData train, SplitData text, int numClasses,
                           SplitData negatives) {

    public static TrainingData checked(String datasetId, Map<Split, SplitData> splits) throws RunFailedException {
        SplitData train = splits.get(Split.TRAIN);
        SplitData text = splits.get(Split.TEXT);
        String trainName = "dataset '" + datasetId + "' split train";
        if (train == null || train.size() == 0) {
            throw new RunFailedException(trainName + ": the train pool is empty");
        }
        int d = train.x().cols();
        int classes;
        if (text != null) {
            if (text.size() == 0) {
                throw new RunFailedException("dataset '" + datasetId + "' split text: no class text rows");
            }
            if (!java.util.Objects.equals(text.modelId(), train.modelId())) {
                throw new RunFailedException("dataset '" + datasetId + "': the text split was embedded with model '"
                        + text.modelId() + "' and the train split with '" + train.modelId() + "'");
            }
            if (text.x().cols() != d) {
                throw new RunFailedException("dataset '" + datasetId + "' split text: rows have " + text.x().cols()
                        + " dimensions but the train split has " + d);
            }
            classes = text.size();
        } else {
            int max = -1;
            for (int y : train.labels()) {
                max = Math.max(max, y);
            }
            classes = max + 1;
        }
        int[] counts = new int[Math.max(classes, 0)];
        int[] y = train.labels();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new RunFailedException(trainName + ": label " + y[i] + " of item " + train.itemIds()[i]
                        + " is outside [0, " + classes + ")"
                        + (text != null ? " (the class count comes from the text split)" : ""));
            }
            counts[y[i]]++;
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                throw new RunFailedException(trainName + ": class " + c + " has no rows in the train pool");
            }
        }
        SplitData negatives = splits.get(Split.NEGATIVES);
        if (negatives != null) {
            String name = "dataset '" + datasetId + "' split negatives";
            if (negatives.size() == 0) {
                throw new RunFailedException(name + ": no negative-label rows");
            }
            if (!java.util.Objects.equals(negatives.modelId(), train.modelId())) {
                throw new RunFailedException(name + " was embedded with model '" + negatives.modelId()
                        + "' and the train split with '" + train.modelId() + "'");
            }
            if (negatives.x().cols() != d) {
                throw new RunFailedException(name + ": rows have " + negatives.x().cols()
                        + " dimensions but the train split has " + d);
            }
        }
        return new TrainingData(datasetId, train.modelId(), train, text, classes, negatives);
    }

    /** NegLabel's candidate negative labels, or null when the run does not ask for neglabel. */
    public FloatMatrix negativesX() {
        return negatives == null ? null : negatives.x();
    }

    public boolean hasText() {
        return text != null;
    }

    public FloatMatrix textX() {
        return text == null ? null : text.x();
    }

    public int dim() {
        return train.x().cols();
    }

    public Sweep.TrainPool pool() {
        return new Sweep.TrainPool(train.x(), train.labels(), train.itemIds(), numClasses);
    }
}
