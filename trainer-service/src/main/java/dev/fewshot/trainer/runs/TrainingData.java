package dev.fewshot.trainer.runs;

import dev.fewshot.core.InvalidInputException;
import dev.fewshot.core.sweep.DatasetChecks;
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

    /** The splits read, checked by core's DatasetChecks (the rules `fewshot sweep` applies to files). */
    public static TrainingData checked(String datasetId, Map<Split, SplitData> splits) throws RunFailedException {
        try {
            return check(datasetId, splits);
        } catch (InvalidInputException e) {
            throw new RunFailedException(e.getMessage()); // names the split and the problem
        }
    }

    private static TrainingData check(String datasetId, Map<Split, SplitData> splits) {
        SplitData train = splits.get(Split.TRAIN);
        SplitData text = splits.get(Split.TEXT);
        SplitData negatives = splits.get(Split.NEGATIVES);
        String trainName = name(datasetId, Split.TRAIN);
        DatasetChecks.notEmpty(trainName, train == null ? 0 : train.size(), "the train pool is empty");
        int d = train.x().cols();
        for (SplitData other : new SplitData[] {text, negatives}) {
            if (other != null) {
                String name = name(datasetId, other.split());
                DatasetChecks.notEmpty(name, other.size(), "no rows");
                DatasetChecks.sameModel(name, other.modelId(), "the train split", train.modelId());
                DatasetChecks.sameDim(name, other.x().cols(), "the train split", d);
            }
        }
        int classes = DatasetChecks.classCount(train.labels(), text == null ? -1 : text.size());
        DatasetChecks.labelsInRange(trainName, train.labels(), classes, i -> "item " + train.itemIds()[i],
                text == null ? null : "the text split");
        DatasetChecks.everyClassHasRows(trainName, train.labels(), classes);
        return new TrainingData(datasetId, train.modelId(), train, text, classes, negatives);
    }

    private static String name(String datasetId, Split split) {
        return "dataset '" + datasetId + "' split " + split.id();
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
