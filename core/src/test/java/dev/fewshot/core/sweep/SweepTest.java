package dev.fewshot.core.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.synth.SyntheticClipData;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweep on a generated dataset big enough for the heads to behave as in the study. */
class SweepTest {
    static final int CLASSES = 50;
    static SyntheticClipData.Data data;
    static Dataset dataset;

    @BeforeAll
    static void generate() {
        data = SyntheticClipData.generate(SyntheticClipData.Params.defaults(CLASSES, 128).withSizes(24, 40 * CLASSES, 600));
        dataset = Dataset.validated(data.trainX(), data.trainY(), data.testX(), data.testY(), data.oodX(), data.textX(),
                Dataset.Sources.defaults());
    }

    private static SweepConfig config(List<Integer> shots, List<HeadKind> heads, Shrinkage shrinkage) {
        return new SweepConfig(shots, List.of(0L, 1L), heads, EnumSet.allOf(OodScore.class), 1.0, shrinkage, 40);
    }

    private static ResultRow find(List<ResultRow> rows, String head, int k, long seed, String score) {
        return rows.stream().filter(r -> r.head().equals(head) && r.k() == k && r.seed() == seed
                && r.oodScore().equals(score)).findFirst().orElseThrow(() -> new AssertionError(
                "no row " + head + " K=" + k + " seed " + seed + " " + score));
    }

    @Test
    void headsBeatChanceByFarAndEveryRowIsThere() {
        List<ResultRow> rows = new Sweep(Gemms.defaultGemm()).run(dataset,
                config(List.of(0, 1, 4, 16), List.of(HeadKind.values()), Shrinkage.AUTO), SweepListener.NONE);
        double chance = 1.0 / CLASSES;
        for (int k : new int[]{4, 16}) {
            for (long seed : new long[]{0, 1}) {
                assertTrue(find(rows, "prototype", k, seed, "maxcos").accuracy() > 10 * chance, "prototype K=" + k);
                assertTrue(find(rows, "gaussian", k, seed, "mahalanobis").accuracy() > 10 * chance, "gaussian K=" + k);
                assertTrue(find(rows, "prototype", k, seed, "maxcos").auroc() > 0.6, "prototype AUROC K=" + k);
            }
        }
        // More shots help the prototype head.
        assertTrue(find(rows, "prototype", 16, 0, "msp").accuracy() > find(rows, "prototype", 1, 0, "msp").accuracy());
        // zero-shot: 5 scores × 2 seeds; prototype 4; gaussian 5 (with rmds); tip-adapter 4 (with knn); linear,
        // linear-zs and gda 3 each.
        assertEquals(5 * 2 + 3 * 2 * (4 + 5 + 3 + 3 + 3 + 4), rows.size());
        for (ResultRow r : rows) {
            // every head but zero-shot is compared with zero-shot on the same rows; tip-adapter reports its β
            boolean zs = r.head().equals("zero-shot");
            assertEquals(zs, r.get(ResultColumn.ZS_ACCURACY_P) == null, r.toString());
            assertEquals(zs, r.get(ResultColumn.ZS_AUROC_P) == null, r.toString());
            assertEquals(r.head().equals("tip-adapter"), r.get(ResultColumn.HYPER_BETA) != null, r.toString());
            if (!zs) {
                String expected = java.util.Set.of("msp", "maxlogit", "energy", "maxcos").contains(r.oodScore())
                        ? r.oodScore() : "mcm";
                assertEquals(expected, r.get(ResultColumn.ZS_SCORE), r.toString());
            }
        }
        for (ResultRow r : rows) {
            assertTrue(r.auroc() >= 0 && r.auroc() <= 1 && r.fpr95() >= 0 && r.fpr95() <= 1, r.toString());
        }
    }

    @Test
    void shrinkageRescuesTheGaussianHeadAtKOne() {
        List<HeadKind> g = List.of(HeadKind.GAUSSIAN);
        List<ResultRow> broken = new Sweep(Gemms.defaultGemm()).run(dataset, config(List.of(1), g, Shrinkage.fixed(0)),
                SweepListener.NONE);
        List<ResultRow> rescued = new Sweep(Gemms.defaultGemm()).run(dataset, config(List.of(1), g, Shrinkage.AUTO),
                SweepListener.NONE);
        ResultRow b = find(broken, "gaussian", 1, 0, "msp");
        ResultRow r = find(rescued, "gaussian", 1, 0, "msp");
        // Without shrinkage the K=1 head is certain of everything, ID and OOD alike.
        assertTrue(b.confOod() > 0.99, "broken head's OOD confidence " + b.confOod());
        assertTrue(r.confOod() < b.confOod() - 0.2, "rescued OOD confidence " + r.confOod());
        assertTrue(r.ece() < b.ece() - 0.2, "rescued ECE " + r.ece() + " vs " + b.ece());
        assertTrue(r.auroc() > b.auroc() + 0.05, "rescued MSP AUROC " + r.auroc() + " vs " + b.auroc());
    }

    @Test
    void shufflingTestAndOodRowsChangesNoResult() {
        SweepConfig cfg = config(List.of(0, 2), List.of(HeadKind.ZERO_SHOT, HeadKind.PROTOTYPE, HeadKind.GAUSSIAN),
                Shrinkage.AUTO);
        List<ResultRow> a = new Sweep(Gemms.defaultGemm()).run(dataset, cfg, SweepListener.NONE);
        Random rnd = new Random(3);
        int[] pt = permutation(data.testX().rows(), rnd);
        int[] po = permutation(data.oodX().rows(), rnd);
        int[] ty = new int[pt.length];
        for (int i = 0; i < pt.length; i++) {
            ty[i] = data.testY()[pt[i]];
        }
        Dataset shuffled = Dataset.validated(data.trainX(), data.trainY(), data.testX().selectRows(pt), ty,
                data.oodX().selectRows(po), data.textX(), Dataset.Sources.defaults());
        List<ResultRow> b = new Sweep(Gemms.defaultGemm()).run(shuffled, cfg, SweepListener.NONE);
        assertEquals(metricsOnly(a), metricsOnly(b));
    }

    @Test
    void aGivenCalibrationSetGivesWhatTheHeldOutRowsGave() {
        // The default run holds out calibration rows by hash; handing exactly those rows over as a calibration set
        // (and the rest as the test set) must give the same result rows, bit for bit.
        SweepConfig cfg = config(List.of(0, 2), List.of(HeadKind.ZERO_SHOT, HeadKind.PROTOTYPE, HeadKind.LINEAR),
                Shrinkage.AUTO);
        List<ResultRow> held = new Sweep(Gemms.defaultGemm()).run(dataset, cfg, SweepListener.NONE);
        dev.fewshot.core.conformal.CalibrationSplit split = dev.fewshot.core.conformal.CalibrationSplit.of(
                data.testX(), data.testY());
        assertTrue(split.calibrates());
        Dataset given = Dataset.validated(data.trainX(), data.trainY(), data.testX().selectRows(split.evaluation()),
                pick(data.testY(), split.evaluation()), data.oodX(), data.textX(), Dataset.Sources.defaults())
                .withCalibration(data.testX().selectRows(split.calibration()), pick(data.testY(), split.calibration()),
                        "calib-x", "calib-y");
        List<ResultRow> explicit = new Sweep(Gemms.defaultGemm()).run(given, cfg, SweepListener.NONE);
        assertEquals(metricsOnly(held), metricsOnly(explicit));
        assertEquals(split.calibration().length, (Integer) explicit.get(0).get(ResultColumn.CP_CALIBRATION));
        assertThrows(dev.fewshot.core.InvalidInputException.class, () -> dataset.withCalibration(
                data.testX().selectRows(new int[] {0}), new int[] {CLASSES}, "calib-x", "calib-y"));
        assertThrows(dev.fewshot.core.InvalidInputException.class, () -> dataset.withCalibration(
                data.testX().selectRows(new int[] {0, 1}), new int[] {0}, "calib-x", "calib-y"));
    }

    private static int[] pick(int[] y, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }

    @Test
    void stepByStepOnAShuffledPoolEqualsTheInProcessSweep() {
        // What a distributed trainer sees: the pool in another order, items known by their ids.
        SweepConfig cfg = config(List.of(0, 1, 4), List.of(HeadKind.values()), Shrinkage.AUTO);
        List<ResultRow> expected = new Sweep(Gemms.defaultGemm()).run(dataset, cfg, SweepListener.NONE);
        int[] p = permutation(data.trainX().rows(), new Random(9));
        String[] ids = new String[p.length];
        int[] y = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            ids[i] = Integer.toString(p[i]);
            y[i] = data.trainY()[p[i]];
        }
        Sweep.TrainPool pool = new Sweep.TrainPool(data.trainX().selectRows(p), y, ids, CLASSES);
        Sweep sweep = new Sweep(Gemms.defaultGemm());
        List<ResultRow> actual = new ArrayList<>();
        dev.fewshot.core.heads.Head zeroShot = null;
        for (Sweep.Step step : Sweep.plan(true, cfg)) {
            Sweep.FittedHead fitted = sweep.fit(step, pool, data.textX(), cfg);
            zeroShot = step.head() == HeadKind.ZERO_SHOT ? fitted.head() : zeroShot;
            actual.addAll(sweep.evaluate(fitted, data.testX(), data.testY(), data.oodX(), cfg, zeroShot));
        }
        assertEquals(metricsOnly(expected), metricsOnly(actual));
    }

    /** Every metric field of the result schema (intervals and conformal figures included) and hyper, as bits. */
    static List<String> metricsOnly(List<ResultRow> rows) {
        List<String> out = new ArrayList<>();
        for (ResultRow r : rows) {
            StringBuilder sb = new StringBuilder(r.head() + " " + r.k() + " " + r.seed() + " " + r.oodScore() + " "
                    + bits(r.hyper()));
            for (ResultColumn c : ResultColumn.metrics()) {
                sb.append(' ').append(c.id()).append('=').append(bits(r.number(c)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String bits(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Requests that would wait forever for rows that cannot exist are refused or normalised before any fit: repeated
     * values, heads without an applicable OOD score, absurd sizes. What the config promises (applicable scores per
     * head kind) is what fitted heads give: every planned step yields at least one row.
     */
    @Test
    void configsThatCannotCompleteAreRefusedOrNormalised() {
        SweepConfig dup = new SweepConfig(List.of(1, 1, 0), List.of(3L, 3L), List.of(HeadKind.LINEAR, HeadKind.LINEAR),
                EnumSet.of(OodScore.MSP), null, Shrinkage.AUTO, 100);
        assertEquals(List.of(1, 0), dup.shots());
        assertEquals(List.of(3L), dup.seeds());
        assertEquals(List.of(HeadKind.LINEAR), dup.heads());
        IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SweepConfig(List.of(1), List.of(0L), List.of(HeadKind.PROTOTYPE),
                        EnumSet.of(OodScore.MAHALANOBIS), null, Shrinkage.AUTO, 100));
        assertTrue(none.getMessage().contains("prototype") && none.getMessage().contains("mahalanobis"),
                none.getMessage());
        for (SweepConfigCase bad : List.of(
                new SweepConfigCase(List.of(1), List.of(0L), Double.POSITIVE_INFINITY, 100),
                new SweepConfigCase(List.of(1), List.of(0L), Double.NaN, 100),
                new SweepConfigCase(List.of(1), List.of(0L), null, 0),
                new SweepConfigCase(List.of(1), List.of(0L), null, SweepConfig.MAX_ITER_LIMIT + 1),
                new SweepConfigCase(java.util.stream.IntStream.range(0, 1000).boxed().toList(),
                        java.util.stream.LongStream.range(0, 1000).boxed().toList(), null, 100),
                new SweepConfigCase(java.util.Arrays.asList(1, null), List.of(0L), null, 100),
                new SweepConfigCase(List.of(1), java.util.Arrays.asList(0L, null), null, 100))) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new SweepConfig(bad.shots(), bad.seeds(), List.of(HeadKind.LINEAR), EnumSet.of(OodScore.MSP),
                            bad.c(), Shrinkage.AUTO, bad.maxIter()), bad.toString());
        }
        // the static rule agrees with the fitted heads, score by score, given the inputs each score needs (NegLabel:
        // negative-label candidates)
        SweepConfig all = config(List.of(0, 2), List.of(HeadKind.values()), Shrinkage.AUTO);
        Dataset withNegatives = dataset.withNegatives(data.trainX().rowRange(0, 60), "negatives");
        List<ResultRow> rows = new Sweep(Gemms.defaultGemm()).run(withNegatives, all, SweepListener.NONE);
        for (HeadKind h : HeadKind.values()) {
            for (OodScore sc : OodScore.values()) {
                boolean present = rows.stream().anyMatch(r -> r.head().equals(h.id()) && r.oodScore().equals(sc.id()));
                assertEquals(sc.appliesTo(h), present, h + " x " + sc);
            }
        }
    }

    @Test
    void negLabelWithoutCandidatesFailsNamingWhatIsMissing() {
        SweepConfig onlyNegLabel = new SweepConfig(List.of(0), List.of(0L), List.of(HeadKind.ZERO_SHOT),
                EnumSet.of(OodScore.NEGLABEL), 1.0, Shrinkage.AUTO, 40);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Sweep(Gemms.defaultGemm()).run(dataset, onlyNegLabel, SweepListener.NONE));
        assertTrue(e.getMessage().contains("neglabel needs negative-label candidates"), e.getMessage());
    }

    private record SweepConfigCase(List<Integer> shots, List<Long> seeds, Double c, int maxIter) {
    }

    @Test
    void datasetValidationNamesTheInput() {
        FloatMatrix x = data.trainX();
        int[] y = data.trainY().clone();
        y[3] = CLASSES + 5;
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> Dataset.validated(x, y,
                data.testX(), data.testY(), data.oodX(), data.textX(), Dataset.Sources.defaults()));
        assertTrue(e.getMessage().startsWith("train-y: label " + (CLASSES + 5) + " at row 3"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> Dataset.validated(x,
                data.trainY(), data.testX(), data.testY(), new FloatMatrix(0, x.cols()), data.textX(),
                Dataset.Sources.defaults()));
    }
}
