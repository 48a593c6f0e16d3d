package dev.fewshot.core.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fewshot.core.heads.gaussian.GaussianTrainer;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.NaiveGemm;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadCodecTest {
    private final NaiveGemm gemm = new NaiveGemm();

    private List<Head> heads() {
        SyntheticClipData.Data d = Fixtures.small(6, 16, 3);
        TrainingSet ts = Fixtures.support(d, 6, 4, 0);
        FloatMatrix w = Fixtures.random(6, 16, 9);
        float[] b = {0.5f, -1f, Float.MIN_VALUE, -0.0f, 3e-39f, 7f};
        return List.of(
                new ZeroShotTrainer(d.textX()).head(),
                new ZeroShotTrainer(d.textX(), Fixtures.random(30, 16, 4)).fit(null, gemm),
                new PrototypeTrainer().fit(ts, gemm),
                new GaussianTrainer(Shrinkage.AUTO).fit(ts, gemm),
                new GaussianTrainer(Shrinkage.fixed(0)).fit(Fixtures.support(d, 6, 1, 0), gemm),
                new LinearHead(HeadKind.LINEAR, w, b, 0.3, new SolverOutcome(SolverOutcome.Stop.MAX_ITER, 1000)),
                new LinearHead(HeadKind.LINEAR_ZS, w, b, 12.0, new SolverOutcome(SolverOutcome.Stop.GRADIENT, 7)),
                new LinearHead(HeadKind.LINEAR, w, b, 1.0, null));
    }

    @Test
    void roundTripIsBitExactAndScoresTheSame() {
        FloatMatrix x = Fixtures.random(9, 16, 1).l2NormalizeRows();
        for (Head h : heads()) {
            byte[] bytes = HeadCodec.encode(h);
            Head back = HeadCodec.decode(bytes);
            assertEquals(h.kind(), back.kind());
            assertEquals(h.solver(), back.solver(), h.kind() + " solver outcome");
            assertArrayEquals(bytes, HeadCodec.encode(back), h.kind() + " re-encodes to the same bytes");
            float[] a = h.logits(x, gemm).data();
            float[] c = back.logits(x, gemm).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(c[i]), h.kind() + " logit " + i);
            }
        }
    }

    @Test
    void readsVersion1LinearHeadsWithoutSolverOutcome() {
        LinearHead h = (LinearHead) heads().get(5);
        byte[] v2 = HeadCodec.encode(h);
        // Version 1: the same bytes without the 5-byte solver outcome after rows, cols and C.
        int at = 7 + 4 + 4 + 8;
        byte[] v1 = new byte[v2.length - 5];
        System.arraycopy(v2, 0, v1, 0, at);
        System.arraycopy(v2, at + 5, v1, at, v2.length - at - 5);
        v1[4] = 1;
        Head back = HeadCodec.decode(v1);
        assertEquals(java.util.Optional.empty(), back.solver());
        assertArrayEquals(h.weights().data(), ((LinearHead) back).weights().data());
    }

    @Test
    void gaussianHeadsKeepTheirBackgroundAndVersion2HeadsReadWithoutIt() {
        GaussianHead h = (GaussianHead) heads().get(3);
        GaussianLogits.Background bg = h.background().orElseThrow();
        byte[] v3 = HeadCodec.encode(h);
        GaussianHead back = (GaussianHead) HeadCodec.decode(v3);
        assertArrayEquals(bg.mean().data(), back.background().orElseThrow().mean().data());
        assertArrayEquals(bg.whitening().data(), back.background().orElseThrow().whitening().data());
        // Version 2: the same bytes without the flag byte and the background after the whitening.
        int d = h.dim();
        int cut = 1 + 4 * (d + d * d);
        byte[] v2 = Arrays.copyOf(v3, v3.length - cut);
        v2[4] = 2;
        GaussianHead old = (GaussianHead) HeadCodec.decode(v2);
        assertEquals(java.util.Optional.empty(), old.background());
        assertArrayEquals(h.means().data(), old.means().data());
        byte[] badFlag = v3.clone();
        badFlag[v3.length - cut] = 7;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadCodec.decode(badFlag));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("background flag 7"), e.getMessage());
    }

    @Test
    void rejectsABadSolverOutcome() {
        byte[] bytes = HeadCodec.encode(heads().get(5));
        bytes[7 + 4 + 4 + 8] = 99;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadCodec.decode(bytes));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("stop code 99"), e.getMessage());
    }

    @Test
    void rejectsDamagedBytes() {
        byte[] bytes = HeadCodec.encode(heads().get(2));
        assertThrows(IllegalArgumentException.class, () -> HeadCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)));
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        assertThrows(IllegalArgumentException.class, () -> HeadCodec.decode(magic));
        byte[] version = bytes.clone();
        version[4] = 99;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadCodec.decode(version));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("version 99"), e.getMessage());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 4);
        assertThrows(IllegalArgumentException.class, () -> HeadCodec.decode(longer));
    }
}
