package dev.fewshot.core.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.heads.gaussian.ShrinkageEstimators;
import org.junit.jupiter.api.Test;

/**
 * Reference values from scikit-learn's own formulas (ledoit_wolf_shrinkage and oas with
 * assume_centered=True) evaluated in numpy on the same formula-defined Z:
 * Z[i, j] = float32(sin(0.7 i + 1.3 j² + 0.1 i j) · (1 + j)), n = 40, d = 6.
 */
class ShrinkageEstimatorsTest {
    static final int N = 40;
    static final int D = 6;

    static double[][] z() {
        double[][] z = new double[N][D];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                z[i][j] = (float) (Math.sin(0.7 * i + 1.3 * j * j + 0.1 * i * j) * (1 + j));
            }
        }
        return z;
    }

    static double[] covariance(double[][] z) {
        double[] s = new double[D * D];
        for (double[] row : z) {
            for (int a = 0; a < D; a++) {
                for (int b = 0; b < D; b++) {
                    s[a * D + b] += row[a] * row[b] / N;
                }
            }
        }
        return s;
    }

    @Test
    void ledoitWolfMatchesScikitLearn() {
        double[][] z = z();
        double[] norms = new double[N];
        for (int i = 0; i < N; i++) {
            for (double v : z[i]) {
                norms[i] += v * v;
            }
        }
        assertEquals(0.1668974409038945, ShrinkageEstimators.ledoitWolf(covariance(z), D, norms), 1e-12);
    }

    @Test
    void oasMatchesScikitLearn() {
        assertEquals(0.24354733470828346, ShrinkageEstimators.oas(covariance(z()), D, N), 1e-12);
    }

    @Test
    void parsesPolicies() {
        assertEquals(Shrinkage.AUTO, Shrinkage.parse("auto"));
        assertEquals(Shrinkage.LEDOIT_WOLF, Shrinkage.parse("lw"));
        assertEquals(Shrinkage.OAS, Shrinkage.parse("oas"));
        assertEquals(0.25, Shrinkage.parse("0.25").fixed());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Shrinkage.parse("1.5"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Shrinkage.parse("lots"));
    }
}
