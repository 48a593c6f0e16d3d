package dev.fewshot.core.ood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.heads.CosineHead;
import dev.fewshot.core.heads.GaussianHead;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.LinearHead;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.heads.gaussian.GaussianTrainer;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.NaiveGemm;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private final NaiveGemm gemm = new NaiveGemm();

    private static FloatMatrix random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, v);
    }

    @Test
    void handCheckedScoresForALinearHead() {
        // Two classes, logits are x itself: w = I, b = 0.
        LinearHead h = new LinearHead(HeadKind.LINEAR, new FloatMatrix(2, 2, new float[]{1, 0, 0, 1}), new float[2], 1, null);
        ScoredRows s = new Scorer(gemm).score(h, new FloatMatrix(1, 2, new float[]{2, 0}), EnumSet.allOf(OodScore.class));
        double lse = Math.log(Math.exp(2) + 1);
        assertEquals(0, s.predicted()[0]);
        assertEquals(2.0, s.score(OodScore.MAXLOGIT)[0], 1e-12);
        assertEquals(lse, s.score(OodScore.ENERGY)[0], 1e-12);
        assertEquals(2.0 - lse, s.score(OodScore.MSP)[0], 1e-12);
        assertEquals(Math.exp(2) / (Math.exp(2) + 1), s.maxProbability()[0], 1e-12);
        assertFalse(s.has(OodScore.MAXCOS));
        assertFalse(s.has(OodScore.MAHALANOBIS));
    }

    @Test
    void aHeadWithNoClassesIsRefusedByName() {
        CosineHead empty = new CosineHead(HeadKind.PROTOTYPE, new FloatMatrix(0, 2, new float[0]), 100f);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Scorer(gemm).score(empty, new FloatMatrix(1, 2, new float[] {1, 0}),
                        EnumSet.allOf(OodScore.class)));
        assertTrue(e.getMessage().contains("prototype head has no classes"), e.getMessage());
    }

    @Test
    void cosineScoresAndMcm() {
        FloatMatrix protos = new FloatMatrix(2, 2, new float[]{1, 0, 0, 1});
        CosineHead zs = new CosineHead(HeadKind.ZERO_SHOT, protos, 100f);
        FloatMatrix x = new FloatMatrix(1, 2, new float[]{0.6f, 0.8f});
        ScoredRows s = new Scorer(gemm).score(zs, x, EnumSet.allOf(OodScore.class));
        assertEquals(1, s.predicted()[0]);
        assertEquals(0.8, s.score(OodScore.MAXCOS)[0], 1e-6);
        // MCM: log softmax of cosines at τ = 1.
        double mcm = 0.8f - Math.log(Math.exp(0.6f) + Math.exp(0.8f));
        assertEquals(mcm, s.score(OodScore.MCM)[0], 1e-6);
        CosineHead proto = new CosineHead(HeadKind.PROTOTYPE, protos, 100f);
        ScoredRows p = new Scorer(gemm).score(proto, x, EnumSet.allOf(OodScore.class));
        assertTrue(p.has(OodScore.MAXCOS));
        assertFalse(p.has(OodScore.MCM), "MCM is a zero-shot score");
    }

    @Test
    void confidentRowsDoNotSaturateMsp() {
        LinearHead h = new LinearHead(HeadKind.LINEAR, new FloatMatrix(2, 1, new float[]{1, -1}), new float[2], 1, null);
        ScoredRows s = new Scorer(gemm).score(h, new FloatMatrix(2, 1, new float[]{20, 25}), EnumSet.of(OodScore.MSP));
        double[] msp = s.score(OodScore.MSP);
        assertTrue(msp[0] < msp[1] && msp[1] < 0, "log-MSP must still rank saturated rows: " + msp[0] + ", " + msp[1]);
    }

    @Test
    void mahalanobisIsMinusTheSmallestSquaredDistance() {
        FloatMatrix x = random(40, 4, 3).l2NormalizeRows();
        int[] y = new int[40];
        int[] shot = new int[40];
        for (int i = 0; i < 40; i++) {
            y[i] = i % 4;
            shot[i] = i / 4;
        }
        GaussianHead g = (GaussianHead) new GaussianTrainer(Shrinkage.fixed(0.5)).fit(new TrainingSet(x, y, 4, shot, 10), gemm);
        FloatMatrix q = random(5, 4, 8);
        ScoredRows s = new Scorer(gemm).score(g, q, EnumSet.allOf(OodScore.class));
        for (int i = 0; i < 5; i++) {
            double best = Double.MAX_VALUE;
            for (int c = 0; c < 4; c++) {
                double d2 = 0;
                for (int r = 0; r < 4; r++) {
                    double z = 0;
                    for (int j = 0; j <= r; j++) {
                        z += g.whitening().get(r, j) * (q.get(i, j) - g.means().get(c, j));
                    }
                    d2 += z * z;
                }
                best = Math.min(best, d2);
            }
            assertEquals(-best, s.score(OodScore.MAHALANOBIS)[i], 1e-3 * Math.max(1, best));
        }
    }

    @Test
    void chunkingDoesNotChangeAnyValue() {
        int n = Scorer.CHUNK_ROWS + 37;
        FloatMatrix x = random(n, 8, 1).l2NormalizeRows();
        CosineHead h = new CosineHead(HeadKind.PROTOTYPE, random(5, 8, 2).l2NormalizeRows(), 100f);
        ScoredRows all = new Scorer(gemm).score(h, x, EnumSet.allOf(OodScore.class));
        ScoredRows tail = new Scorer(gemm).score(h, x.rowRange(Scorer.CHUNK_ROWS - 3, n), EnumSet.allOf(OodScore.class));
        for (int i = 0; i < tail.size(); i++) {
            int r = Scorer.CHUNK_ROWS - 3 + i;
            assertEquals(all.predicted()[r], tail.predicted()[i]);
            assertEquals(Double.doubleToRawLongBits(all.score(OodScore.ENERGY)[r]),
                    Double.doubleToRawLongBits(tail.score(OodScore.ENERGY)[i]));
        }
    }

    @Test
    void knnIsMinusTheDistanceToTheKthNearestSupportRow() {
        int m = 2600; // k = round(2600 / 1000) = 3
        FloatMatrix keys = random(m, 6, 21).l2NormalizeRows();
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = i % 3;
        }
        FloatMatrix text = random(3, 6, 22).l2NormalizeRows();
        dev.fewshot.core.heads.cache.TipAdapterHead h =
                new dev.fewshot.core.heads.cache.TipAdapterHead(text, keys, labels, 1.0, 1.0);
        assertEquals(3, OodScore.knnNeighbours(m));
        FloatMatrix q = random(7, 6, 23); // not normalised: the score normalises
        ScoredRows s = new Scorer(gemm).score(h, q, EnumSet.allOf(OodScore.class));
        assertTrue(s.has(OodScore.KNN));
        FloatMatrix qn = q.l2NormalizeRows();
        for (int i = 0; i < 7; i++) {
            double[] dist = new double[m];
            for (int j = 0; j < m; j++) {
                double d2 = 0;
                for (int c = 0; c < 6; c++) {
                    double v = qn.get(i, c) - keys.get(j, c);
                    d2 += v * v;
                }
                dist[j] = Math.sqrt(d2);
            }
            java.util.Arrays.sort(dist);
            assertEquals(-dist[2], s.score(OodScore.KNN)[i], 1e-5, "row " + i);
        }
    }

    @Test
    void rmdsIsTheBackgroundDistanceMinusTheSmallestClassDistance() {
        FloatMatrix x = random(60, 4, 3).l2NormalizeRows();
        int[] y = new int[60];
        int[] shot = new int[60];
        for (int i = 0; i < 60; i++) {
            y[i] = i % 4;
            shot[i] = i / 4;
        }
        GaussianHead g = (GaussianHead) new GaussianTrainer(Shrinkage.fixed(0.25))
                .fit(new TrainingSet(x, y, 4, shot, 15), gemm);
        // The background by hand: mean and covariance (divided by N) of all rows, shrunk like the class one.
        double[] mu = new double[4];
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 4; j++) {
                mu[j] += x.get(i, j) / 60.0;
            }
        }
        double[][] cov = new double[4][4];
        for (int i = 0; i < 60; i++) {
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    cov[a][b] += (x.get(i, a) - mu[a]) * (x.get(i, b) - mu[b]) / 60.0;
                }
            }
        }
        double tr = cov[0][0] + cov[1][1] + cov[2][2] + cov[3][3];
        org.ejml.data.DMatrixRMaj sigma0 = new org.ejml.data.DMatrixRMaj(4, 4);
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                sigma0.set(a, b, 0.75 * cov[a][b] + (a == b ? 0.25 * tr / 4 : 0));
            }
        }
        org.ejml.data.DMatrixRMaj p0 = new org.ejml.data.DMatrixRMaj(4, 4);
        assertTrue(org.ejml.dense.row.CommonOps_DDRM.invert(sigma0, p0));
        FloatMatrix q = random(5, 4, 8);
        ScoredRows s = new Scorer(gemm).score(g, q, EnumSet.allOf(OodScore.class));
        for (int i = 0; i < 5; i++) {
            double d0 = 0;
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    d0 += (q.get(i, a) - mu[a]) * p0.get(a, b) * (q.get(i, b) - mu[b]);
                }
            }
            double expected = d0 + s.score(OodScore.MAHALANOBIS)[i];
            assertEquals(expected, s.score(OodScore.RMDS)[i], 1e-3 * Math.max(1, d0), "row " + i);
        }
    }

    @Test
    void negLabelIsTheClassesShareAgainstEachGroupOfNegatives() {
        FloatMatrix text = random(4, 6, 31).l2NormalizeRows();
        FloatMatrix candidates = random(40, 6, 32);
        CosineHead h = (CosineHead) new dev.fewshot.core.heads.ZeroShotTrainer(text, candidates).fit(null, gemm);
        FloatMatrix bank = h.negativeLabels();
        assertEquals(6, bank.rows(), "15% of 40 candidates");
        int[] kept = dev.fewshot.core.heads.NegativeLabelMining.select(text.copy().l2NormalizeRows(), candidates, gemm);
        FloatMatrix q = random(5, 6, 33).l2NormalizeRows();
        ScoredRows s = new Scorer(gemm).score(h, q, EnumSet.allOf(OodScore.class));
        assertTrue(s.has(OodScore.NEGLABEL));
        FloatMatrix unitCand = candidates.copy().l2NormalizeRows();
        int groups = 6; // min(100, 6): one negative per group
        for (int i = 0; i < 5; i++) {
            double idSum = 0;
            for (int k = 0; k < 4; k++) {
                idSum += Math.exp(dot(q, i, text, k) / NegLabel.TAU);
            }
            double expected = 0;
            for (int g = 0; g < groups; g++) {
                double neg = Math.exp(dot(q, i, unitCand, kept[g]) / NegLabel.TAU);
                expected += idSum / (idSum + neg) / groups;
            }
            assertEquals(expected, s.score(OodScore.NEGLABEL)[i], 1e-5, "row " + i);
        }
        // prototype heads and zero-shot heads without candidates have no bank, so no neglabel
        assertFalse(new Scorer(gemm).score(new dev.fewshot.core.heads.ZeroShotTrainer(text).head(), q,
                EnumSet.allOf(OodScore.class)).has(OodScore.NEGLABEL));
    }

    private static double dot(FloatMatrix a, int i, FloatMatrix b, int j) {
        double s = 0;
        for (int c = 0; c < a.cols(); c++) {
            s += (double) a.get(i, c) * b.get(j, c);
        }
        return s;
    }
}
