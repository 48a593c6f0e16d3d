package dev.fewshot.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ParetoFront and BeatsZeroShot on hand-made rows whose answers are known. */
class StudyQuestionsTest {

    private static ResultRow row(String head, int k, long seed, String score, double acc, double auroc, Double accP,
                                 Double aurocP) {
        ResultRow.Builder b = ResultRow.builder().set(ResultColumn.HEAD, head).set(ResultColumn.K, k)
                .set(ResultColumn.SEED, seed).set(ResultColumn.OOD_SCORE, score).set(ResultColumn.ACCURACY, acc)
                .set(ResultColumn.AUROC, auroc).set(ResultColumn.FPR95, 0.5).set(ResultColumn.AUPR_IN, 0.5)
                .set(ResultColumn.AUPR_OUT, 0.5).set(ResultColumn.ECE, 0.1).set(ResultColumn.CONF_ID, 0.5)
                .set(ResultColumn.CONF_OOD, 0.5).set(ResultColumn.SUPPORT_SIZE, k).set(ResultColumn.SHORT_CLASSES, 0)
                .set(ResultColumn.FIT_MS, 1L).set(ResultColumn.SCORE_MS, 1L);
        if (accP != null) {
            b.set(ResultColumn.ZS_ACCURACY_P, accP).set(ResultColumn.ZS_AUROC_P, aurocP)
                    .set(ResultColumn.ZS_SCORE, score).set(ResultColumn.ZS_ACCURACY_DIFF, 0.0)
                    .set(ResultColumn.ZS_AUROC_DIFF, 0.0);
        }
        return b.build();
    }

    @Test
    void paretoFrontKeepsOnlyUndominatedPoints() {
        List<ResultRow> rows = List.of(
                row("a", 1, 0, "msp", 0.60, 0.80, null, null),  // front: best AUROC
                row("b", 1, 0, "msp", 0.70, 0.70, null, null),  // front: best accuracy
                row("c", 1, 0, "msp", 0.65, 0.75, null, null),  // front: between
                row("d", 1, 0, "msp", 0.60, 0.70, null, null),  // dominated by all three
                row("e", 1, 0, "msp", 0.70, 0.70, null, null)); // equal to b: kept
        List<Summary.Line> front = ParetoFront.of(Summary.of(rows));
        assertEquals(List.of("b", "e", "c", "a"), front.stream().map(Summary.Line::head).toList());
    }

    @Test
    void smallestKWhereEverySeedBeatsZeroShot() {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(row("zero-shot", 0, 0, "msp", 0.6, 0.8, null, null));
        // accuracy: K=2 has one seed failing, K=4 both pass, K=8 both pass -> 4, holds.
        // AUROC: passes at K=2 only -> 2, does not hold.
        double[][] accP = {{0.5, 0.5}, {0.01, 0.2}, {0.01, 0.04}, {1e-9, 1e-5}};
        double[][] aucP = {{0.5, 0.5}, {0.01, 0.02}, {0.3, 0.01}, {0.9, 0.9}};
        int[] ks = {1, 2, 4, 8};
        for (int i = 0; i < ks.length; i++) {
            for (int seed = 0; seed < 2; seed++) {
                rows.add(row("linear", ks[i], seed, "msp", 0.6, 0.8, accP[i][seed], aucP[i][seed]));
            }
        }
        List<BeatsZeroShot.Answer> answers = BeatsZeroShot.of(rows);
        assertEquals(1, answers.size(), "zero-shot has no comparison with itself");
        BeatsZeroShot.Answer a = answers.get(0);
        assertEquals(4, a.accuracyK());
        assertTrue(a.accuracyHolds());
        assertEquals(2, a.aurocK());
        assertFalse(a.aurocHolds());
        assertEquals("4+", BeatsZeroShot.label(a.accuracyK(), a.accuracyHolds(), 8));
        assertEquals("2", BeatsZeroShot.label(a.aurocK(), a.aurocHolds(), 8));
        // exactly at the level is not below it
        List<ResultRow> edge = List.of(row("linear", 1, 0, "msp", 0.6, 0.8, BeatsZeroShot.LEVEL, 1.0));
        assertNull(BeatsZeroShot.of(edge).get(0).accuracyK());
        assertEquals("never", BeatsZeroShot.label(null, false, 1));
    }
}
