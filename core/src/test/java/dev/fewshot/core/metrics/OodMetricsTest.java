package dev.fewshot.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** Small cases checked by hand (arithmetic in the comments). */
class OodMetricsTest {
    private static final double TOL = 1e-15;

    @Test
    void handCaseWithOneTie() {
        double[] id = {3, 2, 1};
        double[] ood = {2, 0};
        OodMetrics r = OodMetrics.of(id, ood);
        // pairs (id, ood): (3,2)=1 (3,0)=1 (2,2)=1/2 (2,0)=1 (1,2)=0 (1,0)=1 -> 4.5 / 6
        assertEquals(0.75, r.auroc(), TOL);
        // n = 3: k = (285 + 99) / 100 = 3; t = 3rd largest ID = 1; OOD >= 1: {2} -> 1/2
        assertEquals(0.5, r.fpr95(), TOL);
        // ID positive, thresholds descending:
        //  3: tp 1 fp 0 P 1   dR 1/3
        //  2: tp 2 fp 1 P 2/3 dR 1/3
        //  1: tp 3 fp 1 P 3/4 dR 1/3
        //  0: tp 3 fp 2       dR 0
        // AP = 1/3 + 2/9 + 1/4 = (12 + 8 + 9) / 36 = 29/36
        assertEquals(29.0 / 36.0, r.auprIn(), TOL);
        // OOD positive, scores negated = thresholds ascending:
        //  0: tp 1 fp 0 P 1   dR 1/2
        //  1: tp 1 fp 1       dR 0
        //  2: tp 2 fp 2 P 1/2 dR 1/2  (ID 2 and OOD 2 tie: one threshold)
        // AP = 1/2 + 1/4 = 3/4
        assertEquals(0.75, r.auprOut(), TOL);
    }

    @Test
    void tieAtThresholdAcceptsAllTiedId() {
        // n = 20 -> k = (1900 + 99) / 100 = 19. ID: 17 scores of 5, three of 1 -> 19th largest = 1.
        double[] id = new double[20];
        for (int i = 0; i < 20; i++) {
            id[i] = i < 17 ? 5 : 1;
        }
        double[] ood = {0.5, 1, 1, 2, 6};
        // OOD >= 1: {1, 1, 2, 6} -> 4/5
        assertEquals(0.8, OodMetrics.fpr95(id, ood), TOL);
        assertEquals(1.0, RankedScores.of(id, ood).fpr95Threshold());
    }

    @Test
    void singleScores() {
        // one pair: ID above -> 1, equal -> 1/2, below -> 0
        assertEquals(1.0, OodMetrics.auroc(new double[] {1}, new double[] {0}));
        assertEquals(0.5, OodMetrics.auroc(new double[] {1}, new double[] {1}));
        assertEquals(0.0, OodMetrics.auroc(new double[] {0}, new double[] {1}));
        // n = 1: k = (95 + 99) / 100 = 1, t = the ID score
        assertEquals(0.0, OodMetrics.fpr95(new double[] {1}, new double[] {0}));
        assertEquals(1.0, OodMetrics.fpr95(new double[] {1}, new double[] {1}));
        // all tied: one threshold, P = 1/2 -> both APs 1/2
        assertEquals(0.5, OodMetrics.auprIn(new double[] {1}, new double[] {1}));
        assertEquals(0.5, OodMetrics.auprOut(new double[] {1}, new double[] {1}));
    }

    @Test
    void negativeZeroTiesWithZero() {
        OodMetrics a = OodMetrics.of(new double[] {-0.0, 1}, new double[] {0.0});
        OodMetrics b = OodMetrics.of(new double[] {0.0, 1}, new double[] {-0.0});
        // pairs: (0,0)=1/2, (1,0)=1 -> 3/4
        assertEquals(0.75, a.auroc());
        assertEquals(a, b);
    }

    @Test
    void infiniteScoresAreAllowed() {
        OodMetrics r = OodMetrics.of(new double[] {Double.POSITIVE_INFINITY, 0},
                new double[] {Double.NEGATIVE_INFINITY});
        assertEquals(1.0, r.auroc());
        assertEquals(0.0, r.fpr95());
    }

    @Test
    void fpr95KIsCeilingOf95Percent() {
        for (int n = 1; n <= 200_000; n++) {
            int expected = new BigDecimal(n).multiply(new BigDecimal("0.95"))
                    .setScale(0, RoundingMode.CEILING).intValueExact();
            if (RankedScores.fpr95K(n) != expected) {
                assertEquals(expected, RankedScores.fpr95K(n), "n = " + n);
            }
        }
        assertEquals(19, RankedScores.fpr95K(20));
        assertEquals(36, RankedScores.fpr95K(37)); // 35.15 -> 36
        assertEquals(2_040_109_465, RankedScores.fpr95K(Integer.MAX_VALUE)); // no int overflow
    }

    @Test
    void rejectsEmptyNullAndNaN() {
        double[] ok = {1, 2};
        assertMessage(() -> OodMetrics.of(new double[0], ok), "ID scores must not be empty");
        assertMessage(() -> OodMetrics.of(ok, new double[0]), "OOD scores must not be empty");
        assertMessage(() -> OodMetrics.auroc(null, ok), "ID scores must not be null");
        assertMessage(() -> OodMetrics.fpr95(ok, null), "OOD scores must not be null");
        assertMessage(() -> OodMetrics.auprIn(new double[] {1, Double.NaN}, ok), "ID scores contain NaN at index 1");
        assertMessage(() -> OodMetrics.auprOut(ok, new double[] {Double.NaN}), "OOD scores contain NaN at index 0");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
