package dev.fewshot.core.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fewshot.core.conformal.AcceptanceBand;
import dev.fewshot.core.conformal.BenjaminiHochberg;
import dev.fewshot.core.conformal.ClassConditional;
import dev.fewshot.core.conformal.PValues;
import dev.fewshot.core.conformal.PredictionSets;
import dev.fewshot.core.conformal.SetScores;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.io.Npy;
import dev.fewshot.core.linalg.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conformal constructions against a direct numpy/scipy implementation (src/test/python/conformal_reference.py):
 * LAC and APS thresholds, every row's set size and coverage, conformal p-values, Benjamini–Hochberg flags and the
 * Beta acceptance band, on logits with and without exact ties, at 20 and 1000 classes.
 */
class ConformalDifferentialTest {
    @TempDir
    static Path work;

    @BeforeAll
    static void python() {
        ReferencePython.require();
    }

    @ParameterizedTest(name = "{0} classes, {1} cal, {2} eval, ties {3}, alpha {4}")
    @CsvSource({"20, 300, 700, false, 0.1", "20, 50, 500, true, 0.05", "1000, 400, 600, false, 0.05",
            "1000, 12, 100, true, 0.05"})
    void agreesWithNumpy(int classes, int nCal, int nEval, boolean ties, double alpha) throws Exception {
        Path dir = Files.createTempDirectory(work, "cp");
        Random r = new Random(classes * 31L + nCal);
        int n = nCal + nEval;
        FloatMatrix z = new FloatMatrix(n, classes);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(classes);
            for (int c = 0; c < classes; c++) {
                double v = 2.5 * r.nextGaussian() + (c == y[i] ? 3 + 2 * r.nextGaussian() : 0);
                z.set(i, c, (float) (ties ? Math.round(v) : v)); // rounded logits: many equal probabilities
            }
        }
        int[] cal = new int[nCal];
        int[] eval = new int[nEval];
        for (int i = 0; i < n; i++) {
            if (i < nCal) {
                cal[i] = i;
            } else {
                eval[i - nCal] = i;
            }
        }
        Head.Logits identity = Head.Logits.precomputed();
        double[] q = PredictionSets.thresholds(identity, z, y, cal, alpha);
        ClassConditional cc = PredictionSets.calibrate(identity, z, y, cal).byClass(classes, alpha);
        PredictionSets.Outcome[] out = PredictionSets.evaluate(identity, z, y, eval, q, cc);
        SetScores.Method[] methods = SetScores.Method.values();
        double[] sizes = new double[(methods.length + 1) * nEval];
        double[] covers = new double[(methods.length + 1) * nEval];
        for (int m = 0; m < methods.length; m++) {
            for (int i = 0; i < nEval; i++) {
                double[] p = SetScores.softmax(z.data(), eval[i] * classes, classes);
                SetScores.Set s = SetScores.set(methods[m], p, y[eval[i]], q[m]);
                sizes[m * nEval + i] = s.size();
                covers[m * nEval + i] = s.covers() ? 1 : 0;
                if (i < 5) {
                    assertEquals(s.size(), SetScores.members(methods[m], p, q[m]).length, "members vs size");
                }
            }
        }
        for (int i = 0; i < nEval; i++) {
            SetScores.Set s = cc.set(SetScores.softmax(z.data(), eval[i] * classes, classes), y[eval[i]]);
            sizes[methods.length * nEval + i] = s.size();
            covers[methods.length * nEval + i] = s.covers() ? 1 : 0;
        }
        // an OOD-style score: the max logit; OOD rows are shifted down
        double[] calScore = new double[nCal];
        double[] evalScore = new double[nEval];
        double[] oodScore = new double[nEval];
        for (int i = 0; i < nCal; i++) {
            calScore[i] = maxRow(z, cal[i]);
        }
        for (int i = 0; i < nEval; i++) {
            evalScore[i] = maxRow(z, eval[i]);
            oodScore[i] = ties ? Math.round(maxRow(z, eval[i]) - 3) : maxRow(z, eval[i]) - 3;
        }
        PValues pv = PValues.calibrate(calScore);
        double[] p = new double[2 * nEval];
        for (int i = 0; i < nEval; i++) {
            p[i] = pv.pValue(evalScore[i]);
            p[nEval + i] = pv.pValue(oodScore[i]);
        }
        boolean[] flags = BenjaminiHochberg.flag(p, alpha);
        double[] f = new double[flags.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = flags[i] ? 1 : 0;
        }
        AcceptanceBand band = AcceptanceBand.of(nCal, alpha);
        Npy.writeFloat32(dir.resolve("logits.npy"), z);
        Npy.writeInt32(dir.resolve("y.npy"), y);
        Npy.writeInt32(dir.resolve("cal.npy"), cal);
        Npy.writeInt32(dir.resolve("eval.npy"), eval);
        Npy.writeFloat64(dir.resolve("thresholds.npy"), q, q.length);
        Npy.writeFloat64(dir.resolve("sizes.npy"), sizes, methods.length + 1, nEval);
        Npy.writeFloat64(dir.resolve("covers.npy"), covers, methods.length + 1, nEval);
        Npy.writeFloat64(dir.resolve("outcome.npy"), new double[] {out[0].coverage(), out[0].meanSize(),
                out[1].coverage(), out[1].meanSize(), out[2].coverage(), out[2].meanSize(), cc.shortClasses()}, 7);
        Npy.writeFloat64(dir.resolve("cal_score.npy"), calScore, nCal);
        Npy.writeFloat64(dir.resolve("eval_score.npy"), evalScore, nEval);
        Npy.writeFloat64(dir.resolve("ood_score.npy"), oodScore, nEval);
        Npy.writeFloat64(dir.resolve("p.npy"), p, p.length);
        Npy.writeFloat64(dir.resolve("bh.npy"), f, f.length);
        Npy.writeFloat64(dir.resolve("band.npy"), new double[] {band.mean(), band.lo(), band.hi()}, 3);
        List<String> args = new ArrayList<>(List.of("conformal_reference.py", dir.toString(), Double.toString(alpha)));
        ReferencePython.Result res = ReferencePython.run(args, 600);
        System.out.println(res.output());
        assertEquals(0, res.exit(), res.output());
    }

    private static double maxRow(FloatMatrix z, int row) {
        double m = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < z.cols(); c++) {
            m = Math.max(m, z.get(row, c));
        }
        return m;
    }
}
