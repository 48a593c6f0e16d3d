package dev.fewshot.core.heads.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    @Test
    void minimisesAnIllConditionedQuadratic() {
        int n = 30;
        SplittableRandom rng = new SplittableRandom(1);
        // A = Q diag(1 .. 1000) Qᵀ, Q orthonormal (Gram-Schmidt on random vectors): condition number 1000.
        double[][] q = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < n; i++) {
                q[r][i] = rng.nextGaussian();
            }
            for (int t = 0; t < r; t++) {
                double dot = Lbfgs.dot(q[r], q[t]);
                for (int i = 0; i < n; i++) {
                    q[r][i] -= dot * q[t][i];
                }
            }
            double norm = Lbfgs.norm(q[r]);
            for (int i = 0; i < n; i++) {
                q[r][i] /= norm;
            }
        }
        double[][] a = new double[n][n];
        for (int r = 0; r < n; r++) {
            double lambda = Math.pow(1000, r / (double) (n - 1));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += lambda * q[r][i] * q[r][j];
                }
            }
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
        }
        Lbfgs.Objective f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) {
                    ax += a[i][j] * x[j];
                }
                g[i] = ax - b[i];
                v += 0.5 * x[i] * ax - b[i] * x[i];
            }
            return v;
        };
        Lbfgs.Result r = Lbfgs.minimize(f, new double[n], new Lbfgs.Options(300, 1e-6, 0, 10));
        assertTrue(r.converged(), "stopped with " + r.stop() + " gmax " + r.gradMax() + " f " + r.value() + " evals " + r.evaluations());
        assertEquals(dev.fewshot.core.heads.SolverOutcome.Stop.GRADIENT, r.stop());
        double[] g = new double[n];
        f.valueAndGradient(r.x(), g);
        assertTrue(Lbfgs.maxAbs(g) <= 1e-6, "residual " + Lbfgs.maxAbs(g));
        assertTrue(r.iterations() < 400, "iterations " + r.iterations());
    }

    @Test
    void minimisesRosenbrock() {
        for (int n : new int[]{2, 10}) {
            Lbfgs.Objective f = (x, g) -> {
                double v = 0;
                java.util.Arrays.fill(g, 0);
                for (int i = 0; i + 1 < n; i++) {
                    double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
                    v += 100 * t * t + u * u;
                    g[i] += -400 * t * x[i] - 2 * u;
                    g[i + 1] += 200 * t;
                }
                return v;
            };
            double[] x0 = new double[n];
            for (int i = 0; i < n; i++) {
                x0[i] = i % 2 == 0 ? -1.2 : 1.0;
            }
            Lbfgs.Result r = Lbfgs.minimize(f, x0, new Lbfgs.Options(2000, 1e-8, 0, 10));
            assertTrue(r.converged(), "n=" + n + " stopped with " + r.stop() + " after " + r.iterations());
            for (int i = 0; i < n; i++) {
                assertEquals(1.0, r.x()[i], 1e-6, "n=" + n + " x[" + i + "]");
            }
            assertEquals(-1.2, x0[0], "the start is not modified");
        }
    }

    @Test
    void startingAtTheMinimumTakesNoIterations() {
        Lbfgs.Objective f = (x, g) -> {
            g[0] = 2 * (x[0] - 3);
            return (x[0] - 3) * (x[0] - 3);
        };
        Lbfgs.Result r = Lbfgs.minimize(f, new double[]{3}, new Lbfgs.Options(10, 1e-8, 0, 5));
        assertEquals(0, r.iterations());
        assertTrue(r.converged());
    }

    @Test
    void cubicMinimiserOfAParabolaIsItsVertex() {
        // f = (a − 2)², sampled at 0 and 5.
        double m = Lbfgs.cubicMin(0, 4, -4, 5, 9, 6);
        assertEquals(2.0, m, 1e-12);
    }
}
