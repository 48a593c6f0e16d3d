package dev.fewshot.core.heads.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.heads.Fixtures;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.heads.ZeroShotTrainer;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemm;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.synth.SyntheticClipData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tip-Adapter: the cache formula, the K = 1 rule, leave-one-out choice of α and β, and what the cache buys. */
class TipAdapterTest {
    static final int CLASSES = 20;
    static final Gemm GEMM = Gemms.defaultGemm();
    static SyntheticClipData.Data data;
    static FloatMatrix textLogits;

    @BeforeAll
    static void generate() {
        data = SyntheticClipData.generate(SyntheticClipData.Params.defaults(CLASSES, 32).withSizes(16, 40 * CLASSES, 100));
        textLogits = new ZeroShotTrainer(data.textX()).scaledWeights();
    }

    static TrainingSet support(int k) {
        return Fixtures.support(data, CLASSES, k, 0);
    }

    @Test
    void logitsAreTheCacheFormula() {
        TipAdapterHead h = (TipAdapterHead) new TipAdapterTrainer(textLogits).fit(support(4), GEMM);
        FloatMatrix x = data.testX().selectRows(new int[] {0, 5, 17});
        FloatMatrix z = h.logits(x, GEMM);
        FloatMatrix keys = support(4).x().copy().l2NormalizeRows();
        int[] y = support(4).y();
        for (int i = 0; i < x.rows(); i++) {
            for (int c = 0; c < CLASSES; c++) {
                double want = 0;
                for (int j = 0; j < x.cols(); j++) {
                    want += (double) x.get(i, j) * textLogits.get(c, j);
                }
                for (int s = 0; s < keys.rows(); s++) {
                    if (y[s] == c) {
                        double a = 0;
                        for (int j = 0; j < x.cols(); j++) {
                            a += (double) x.get(i, j) * keys.get(s, j);
                        }
                        want += h.alpha() * Math.exp(-h.beta() * (1 - a));
                    }
                }
                assertEquals(want, z.get(i, c), 1e-4 * Math.max(1, Math.abs(want)), "row " + i + " class " + c);
            }
        }
    }

    @Test
    void oneShotUsesThePapersImageNetValues() {
        TipAdapterHead h = (TipAdapterHead) new TipAdapterTrainer(textLogits).fit(support(1), GEMM);
        assertEquals(TipAdapterTrainer.K1_ALPHA, h.alpha());
        assertEquals(TipAdapterTrainer.K1_BETA, h.beta());
    }

    /** Chunked scoring equals scoring all rows at once, bit for bit; the codec round-trips. */
    @Test
    void deterministicAndSerialisable() {
        Head h = new TipAdapterTrainer(textLogits).fit(support(8), GEMM);
        FloatMatrix all = h.logits(data.testX(), GEMM);
        FloatMatrix part = h.logits(data.testX().selectRows(new int[] {3, 4}), GEMM);
        for (int c = 0; c < CLASSES; c++) {
            assertEquals(Float.floatToIntBits(all.get(3, c)), Float.floatToIntBits(part.get(0, c)));
        }
        Head back = HeadCodec.decode(HeadCodec.encode(h));
        assertEquals(HeadKind.TIP_ADAPTER, back.kind());
        assertArrayEquals(HeadCodec.encode(h), HeadCodec.encode(back));
        assertArrayEquals(all.data(), back.logits(data.testX(), GEMM).data());
    }

    @Test
    void atSixteenShotsTheCacheBeatsZeroShot() {
        TipAdapterHead h = (TipAdapterHead) new TipAdapterTrainer(textLogits).fit(support(16), GEMM);
        double acc = accuracy(h.logits(data.testX(), GEMM));
        double zs = accuracy(GEMM.mulTransB(data.testX(), textLogits));
        System.out.printf("tip-adapter K=16: alpha %.2f beta %.2f accuracy %.4f (zero-shot %.4f)%n", h.alpha(),
                h.beta(), acc, zs);
        assertTrue(acc > zs, acc + " vs zero-shot " + zs);
    }

    static double accuracy(FloatMatrix z) {
        return Fixtures.accuracy(z, data.testY());
    }
}
