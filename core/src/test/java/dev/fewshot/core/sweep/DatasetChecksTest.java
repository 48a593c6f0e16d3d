package dev.fewshot.core.sweep;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fewshot.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The dataset rules the CLI, the trainer and the evaluator share: each failure names the input and the problem. */
class DatasetChecksTest {
    private static String problem(org.junit.jupiter.api.function.Executable check) {
        return assertThrows(InvalidInputException.class, check).getMessage();
    }

    @Test
    void namesTheInputAndTheProblem() {
        assertEquals("split test: empty", problem(() -> DatasetChecks.notEmpty("split test", 0, "empty")));
        assertEquals("y: has 3 labels but x has 4 rows", problem(() -> DatasetChecks.sameRows("x", 4, "y", 3)));
        assertEquals("ood: rows have 64 dimensions but the head has 512",
                problem(() -> DatasetChecks.sameDim("ood", 64, "the head", 512)));
        assertEquals("text: was embedded with model 'b' and the train split with 'a'",
                problem(() -> DatasetChecks.sameModel("text", "b", "the train split", "a")));
        assertEquals("train: label 3 at item 'x9' is outside [0, 3) (the class count comes from the text split)",
                problem(() -> DatasetChecks.labelsInRange("train", new int[] {0, 1, 3}, 3,
                        i -> "item 'x" + (i + 7) + "'", "the text split")));
        assertEquals("train: label -1 at row 0 is outside [0, 2)",
                problem(() -> DatasetChecks.labelsInRange("train", new int[] {-1}, 2, i -> "row " + i, null)));
        assertEquals("train: class 1 has no rows in the train pool",
                problem(() -> DatasetChecks.everyClassHasRows("train", new int[] {0, 2, 2}, 3)));
    }

    @Test
    void acceptsWhatIsWellFormed() {
        assertDoesNotThrow(() -> {
            DatasetChecks.notEmpty("a", 1, "empty");
            DatasetChecks.sameRows("x", 2, "y", 2);
            DatasetChecks.sameDim("a", 8, "b", 8);
            DatasetChecks.sameModel("a", null, "b", null);
            DatasetChecks.labelsInRange("y", new int[] {0, 2, 1}, 3, i -> "row " + i, null);
            DatasetChecks.everyClassHasRows("y", new int[] {0, 2, 1}, 3);
        });
        assertEquals(4, DatasetChecks.classCount(new int[] {0, 3, 1}, -1), "labels set the count");
        assertEquals(10, DatasetChecks.classCount(new int[] {0, 3, 1}, 10), "the text split sets the count");
        assertEquals(0, DatasetChecks.classCount(new int[0], -1));
    }
}
