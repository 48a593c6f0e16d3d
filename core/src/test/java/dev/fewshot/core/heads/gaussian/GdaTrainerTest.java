package dev.fewshot.core.heads.gaussian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.heads.Fixtures;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.LinearHead;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.heads.ZeroShotTrainer;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.synth.SyntheticClipData;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gda head: the paper's closed form, K = 1 as zero-shot, α from the support set, and what it buys. */
class GdaTrainerTest {
    static final int CLASSES = 20;
    static SyntheticClipData.Data data;
    static FloatMatrix textLogits;
    static final Gemm GEMM = Gemms.defaultGemm();

    @BeforeAll
    static void generate() {
        data = SyntheticClipData.generate(SyntheticClipData.Params.defaults(CLASSES, 32).withSizes(16, 40 * CLASSES, 100));
        textLogits = new ZeroShotTrainer(data.textX()).scaledWeights();
    }

    static TrainingSet support(int k) {
        return Fixtures.support(data, CLASSES, k, 0);
    }

    @Test
    void oneShotPerClassIsExactlyZeroShot() {
        LinearHead h = (LinearHead) new GdaTrainer(textLogits).fit(support(1), GEMM);
        assertEquals(0.0, h.regularisation(), "alpha");
        assertArrayEquals(textLogits.data(), h.weights().data());
        assertArrayEquals(new float[CLASSES], h.bias());
    }

    /** W and b against an explicit inverse in double precision, written independently of the trainer's solve. */
    @Test
    void theDiscriminantIsThePapersClosedForm() {
        TrainingSet ts = support(4);
        int[] all = new int[ts.y().length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        GdaTrainer.Discriminant got = GdaTrainer.Discriminant.fit(ts, all, Gemms.pureJava());
        int n = ts.y().length;
        int d = ts.dim();
        double[][] mu = new double[CLASSES][d];
        int[] cnt = new int[CLASSES];
        for (int i = 0; i < n; i++) {
            cnt[ts.y()[i]]++;
            for (int j = 0; j < d; j++) {
                mu[ts.y()[i]][j] += ts.x().get(i, j);
            }
        }
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < d; j++) {
                mu[c][j] /= cnt[c];
            }
        }
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    s.add(a, b, (ts.x().get(i, a) - mu[ts.y()[i]][a]) * (ts.x().get(i, b) - mu[ts.y()[i]][b]));
                }
            }
        }
        double tr = CommonOps_DDRM.trace(s);
        for (int a = 0; a < d; a++) {
            s.add(a, a, tr / (n - 1));
        }
        CommonOps_DDRM.invert(s);
        CommonOps_DDRM.scale(d, s);
        for (int c = 0; c < CLASSES; c++) {
            double q = 0;
            for (int a = 0; a < d; a++) {
                double w = 0;
                for (int b = 0; b < d; b++) {
                    w += s.get(a, b) * mu[c][b];
                }
                assertEquals(w, got.w[c * d + a], 1e-4 * Math.max(1, Math.abs(w)), "W[" + c + "][" + a + "]");
                q += w * mu[c][a];
            }
            assertEquals(Math.log(1.0 / CLASSES) - 0.5 * q, got.b[c], 1e-4 * Math.max(1, Math.abs(q)), "b[" + c + "]");
        }
    }

    /** Held-out rows never include a class's last shot, so every fold keeps every class. */
    @Test
    void foldsKeepEveryClass() {
        for (int k : new int[] {1, 2, 3, 16}) {
            TrainingSet ts = support(k);
            int[] heldTimes = new int[ts.y().length];
            for (int f = 0; f < GdaTrainer.FOLDS; f++) {
                boolean[] out = GdaTrainer.heldOut(ts, f);
                int[] kept = new int[CLASSES];
                for (int i = 0; i < out.length; i++) {
                    kept[ts.y()[i]] += out[i] ? 0 : 1;
                    heldTimes[i] += out[i] ? 1 : 0;
                }
                for (int c = 0; c < CLASSES; c++) {
                    assertTrue(kept[c] >= 1, "K=" + k + " fold " + f + " class " + c);
                }
            }
            for (int t : heldTimes) {
                assertTrue(t <= 1, "a row is held out at most once");
            }
        }
    }

    /** At K = 16 the support-chosen α blends GDA in, and the head beats zero-shot on the test rows. */
    @Test
    void atSixteenShotsItBeatsZeroShotWithAnAlphaFromTheSupport() {
        Head gda = new GdaTrainer(textLogits).fit(support(16), GEMM);
        double alpha = ((LinearHead) gda).regularisation();
        assertTrue(alpha > 0, "alpha " + alpha);
        double accGda = accuracy(gda.logits(data.testX(), GEMM));
        double accZs = accuracy(GEMM.mulTransB(data.testX(), textLogits));
        System.out.printf("gda K=16: alpha %.4g, accuracy %.4f (zero-shot %.4f)%n", alpha, accGda, accZs);
        assertTrue(accGda > accZs, accGda + " vs zero-shot " + accZs);
        Head back = HeadCodec.decode(HeadCodec.encode(gda));
        assertEquals(HeadKind.GDA, back.kind());
        assertArrayEquals(HeadCodec.encode(gda), HeadCodec.encode(back));
    }

    static double accuracy(FloatMatrix z) {
        return Fixtures.accuracy(z, data.testY());
    }
}
