package dev.fewshot.core.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.PrototypeTrainer;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.heads.ZeroShotTrainer;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.NaiveGemm;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.ood.ScoredRows;
import dev.fewshot.core.ood.Scorer;
import dev.fewshot.core.sampling.KShotSampler;
import dev.fewshot.core.sampling.SupportSet;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenSetClassifierTest {
    private final NaiveGemm gemm = new NaiveGemm();
    private final SyntheticClipData.Data data = SyntheticClipData.generate(
            SyntheticClipData.Params.defaults(8, 32).withSizes(16, 80, 40));

    private Head prototype() {
        SupportSet s = KShotSampler.forRows(data.trainY(), 8, 0).sample(8);
        return new PrototypeTrainer().fit(new TrainingSet(data.trainX().selectRows(s.rows()), s.labels(), 8,
                s.shotIndex(), 8), gemm);
    }

    @Test
    void scoresExactlyAsTheEvaluationDoesAndDecidesByTheThreshold() {
        Head head = prototype();
        OpenSetClassifier c = new OpenSetClassifier(gemm);
        ScoredRows batch = new Scorer(gemm).score(head, data.testX(), EnumSet.of(OodScore.MSP));
        for (int i = 0; i < 10; i++) {
            float[] v = data.testX().row(i);
            double expected = batch.score(OodScore.MSP)[i];
            OpenSetClassifier.Result r = c.classify(head, v, OodScore.MSP, expected, 5);
            assertEquals(expected, r.score(), "same number as the run's scoring");
            assertTrue(r.known(), "a score equal to the threshold is accepted");
            assertEquals(batch.predicted()[i], r.top().get(0).classIndex(), "top-1 is the head's prediction");
            assertEquals(5, r.top().size());
            for (int j = 1; j < 5; j++) {
                assertTrue(r.top().get(j - 1).probability() >= r.top().get(j).probability());
            }
            assertEquals(batch.maxProbability()[i], r.top().get(0).probability(), 1e-6);
            assertTrue(!c.classify(head, v, OodScore.MSP, Math.nextUp(expected), 5).known());
        }
    }

    @Test
    void refusesWhatDoesNotFit() {
        OpenSetClassifier c = new OpenSetClassifier(gemm);
        Head zs = new ZeroShotTrainer(data.textX()).head();
        assertThrows(IllegalArgumentException.class, () -> c.classify(zs, new float[5], OodScore.MSP, 0, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.classify(zs, data.testX().row(0), OodScore.MAHALANOBIS, 0, 5));
        assertTrue(e.getMessage().contains("mahalanobis"), e.getMessage());
    }

    @Test
    void softmaxTopKOrdersAndNormalises() {
        List<OpenSetClassifier.Ranked> top = OpenSetClassifier.top(new float[]{1f, 3f, 2f, 1000f}, 3);
        assertEquals(3, top.get(0).classIndex());
        assertEquals(1.0, top.get(0).probability(), 1e-12);
        assertEquals(1, top.get(1).classIndex());
        assertEquals(2, top.get(2).classIndex());
        assertEquals(2, OpenSetClassifier.top(new float[]{0f, 1f}, 5).size());
    }
}
