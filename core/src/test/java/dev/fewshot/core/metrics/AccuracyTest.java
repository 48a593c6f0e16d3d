package dev.fewshot.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AccuracyTest {
    @Test
    void top1() {
        // rows 0, 2, 3 right -> 3/4
        assertEquals(0.75, Accuracy.top1(new int[] {1, 2, 3, 0}, new int[] {1, 0, 3, 0}));
        assertEquals(1.0, Accuracy.top1(new int[] {5}, new int[] {5}));
        assertEquals(0.0, Accuracy.top1(new int[] {5}, new int[] {4}));
        assertArrayEquals(new boolean[] {true, false}, Accuracy.correct(new int[] {1, 2}, new int[] {1, 3}));
    }

    @Test
    void meanConfidence() {
        // (0.25 + 0.5 + 1) / 3 = 1.75 / 3
        assertEquals(1.75 / 3, Accuracy.meanConfidence(new double[] {1, 0.25, 0.5}), 1e-15);
        assertEquals(0.0, Accuracy.meanConfidence(new double[] {0}));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Accuracy.top1(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.top1(new int[] {1}, new int[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.top1(null, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.meanConfidence(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.meanConfidence(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Accuracy.meanConfidence(new double[] {2}));
    }
}
