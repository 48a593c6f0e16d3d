package dev.fewshot.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.VectorBatch;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.vectors.SplitData;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A train split embedded for a plan serves only that plan's seeds and K; anything else fails with the fix. */
class EmbedPlanCheckTest {
    static final SplitData SUBSET = new SplitData("ds", Split.TRAIN, "m", new FloatMatrix(1, 2, new float[2]),
            new int[] {0}, new String[] {"a"}, 0, "req-1", new VectorBatch.EmbedPlan(List.of(1, 2, 4), List.of(0L, 1L)));

    static SweepConfig cfg(List<Integer> shots, List<Long> seeds, List<HeadKind> heads) {
        return new SweepConfig(shots, seeds, heads, EnumSet.of(OodScore.MSP), null, Shrinkage.AUTO, 100);
    }

    @Test
    void seedsAndShotsInsideThePlanPass() {
        assertDoesNotThrow(() -> RunExecutor.checkPlan("ds", SUBSET, cfg(List.of(0, 1, 4), List.of(1L), List.of(HeadKind.PROTOTYPE))));
        // zero-shot needs no train images; a full split has no plan
        assertDoesNotThrow(() -> RunExecutor.checkPlan("ds", SUBSET, cfg(List.of(0), List.of(9L), List.of(HeadKind.ZERO_SHOT))));
        SplitData full = new SplitData("ds", Split.TRAIN, "m", SUBSET.x(), SUBSET.labels(), SUBSET.itemIds(), 0);
        assertDoesNotThrow(() -> RunExecutor.checkPlan("ds", full, cfg(List.of(16), List.of(9L), List.of(HeadKind.LINEAR))));
    }

    @Test
    void aSeedOrKOutsideThePlanFailsNamingThemAndTheFix() {
        RunFailedException seed = assertThrows(RunFailedException.class,
                () -> RunExecutor.checkPlan("ds", SUBSET, cfg(List.of(1), List.of(0L, 5L), List.of(HeadKind.PROTOTYPE))));
        assertTrue(seed.getMessage().contains("seeds [5]") && seed.getMessage().contains("all=true"), seed.getMessage());
        RunFailedException k = assertThrows(RunFailedException.class,
                () -> RunExecutor.checkPlan("ds", SUBSET, cfg(List.of(1, 16), List.of(0L), List.of(HeadKind.LINEAR))));
        assertTrue(k.getMessage().contains("K [16]"), k.getMessage());
    }
}
