package dev.fewshot.core.heads.linear;

import dev.fewshot.core.heads.SolverOutcome.Stop;

/**
 * Limited-memory BFGS in double precision, with a strong-Wolfe line search (Nocedal &amp; Wright,
 * Alg. 3.5/3.6, cubic interpolation in the zoom).
 *
 * <p>Stopping rule, as scipy's L-BFGS-B (which scikit-learn's "lbfgs" solver calls with
 * {@code gtol = tol}, {@code ftol = 64·eps}): converged when {@code max_j |g_j| <= gtol}, or when
 * the relative decrease {@code (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol}. Otherwise it
 * stops unconverged after {@code maxIter} iterations, or when the line search cannot make progress
 * even along the steepest descent direction.
 *
 * <p>The line search talks to the function through {@link Objective#line}: an objective that can
 * evaluate f(x + αd) more cheaply than a full gradient (the softmax loss can: its logits are linear
 * in α) overrides it; the default evaluates the full gradient at every trial step.
 */
public final class Lbfgs {

    /** A smooth function to minimise. */
    public interface Objective {
        /** Returns f(x) and writes ∇f(x) into {@code grad}. */
        double valueAndGradient(double[] x, double[] grad);

        /**
         * The restriction φ(α) = f(x + α·dir) to a search line. {@code x} and {@code dir} must not
         * change while the line is in use; the solver calls {@link Line#accept} at most once.
         */
        default Line line(double[] x, double[] dir) {
            return new FullLine(this, x, dir);
        }

        /**
         * The size of a gradient that the stopping rule compares with gtol: max |g_j| by default. An
         * objective solved in rescaled coordinates maps the gradient back, so that the rule stays the
         * one of the original problem.
         */
        default double gradientSize(double[] grad) {
            return maxAbs(grad);
        }
    }

    /** φ(α) = f(x + α·d) along one search direction. */
    public interface Line {
        /** Returns φ(α); {@link #slope()} is then φ'(α). */
        double value(double alpha);

        /** φ'(α) for the α of the last {@link #value} call. */
        double slope();

        /** The step α is taken: writes ∇f(x + α·d) into {@code grad}. */
        void accept(double alpha, double[] grad);
    }

    /**
     * @param gtol    bound on max |∇f|
     * @param fScale  below this |f| the gradient bound shrinks with f (gtol·|f|/fScale): where the objective
     *                itself is tiny (a support fitted almost perfectly) an absolute gradient bound stops far
     *                from the optimum in relative terms; 0 keeps gtol absolute
     * @param ftol    relative-decrease bound
     * @param history memory m
     */
    public record Options(int maxIter, double gtol, double fScale, double ftol, int history) {
        public Options {
            if (maxIter < 0 || !(gtol >= 0) || !(fScale >= 0) || !(ftol >= 0) || history < 1) {
                throw new IllegalArgumentException("bad L-BFGS options: maxIter=" + maxIter + ", gtol=" + gtol
                        + ", fScale=" + fScale + ", ftol=" + ftol + ", history=" + history);
            }
        }

        public Options(int maxIter, double gtol, double ftol, int history) {
            this(maxIter, gtol, 0, ftol, history);
        }

        /** The gradient bound at value f. */
        double gradientBound(double f) {
            return fScale == 0 ? gtol : gtol * Math.min(1.0, Math.abs(f) / fScale);
        }
    }

    /**
     * @param evaluations function values computed along search lines (not counting the start)
     * @param gradMax     max |∇f| at {@code x}
     */
    public record Result(double[] x, double value, double gradMax, int iterations, int evaluations, Stop stop) {
        public boolean converged() {
            return stop.converged();
        }
    }

    static final double C1 = 1e-4;
    static final double C2 = 0.9;
    static final int MAX_LINE_EVALS = 25;

    private Lbfgs() {
    }

    /** Minimises f from x0 (x0 is not modified). */
    public static Result minimize(Objective f, double[] x0, Options o) {
        int n = x0.length, m = o.history();
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        if (!Double.isFinite(fx)) {
            throw new IllegalArgumentException("objective is not finite at the starting point: " + fx);
        }
        double[][] s = new double[m][n];
        double[][] y = new double[m][n];
        double[] rho = new double[m];
        double[] alphaTmp = new double[m];
        int stored = 0, newest = -1;
        double[] d = new double[n];
        double[] gNew = new double[n];
        int iter = 0, evals = 0;
        double gmax = f.gradientSize(g);
        if (gmax <= o.gradientBound(fx)) {
            return new Result(x, fx, gmax, 0, 0, Stop.GRADIENT);
        }
        boolean steepest = true;
        while (true) {
            if (iter >= o.maxIter()) {
                return new Result(x, fx, gmax, iter, evals, Stop.MAX_ITER);
            }
            double alpha0;
            if (steepest || stored == 0) {
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                // No curvature known yet: a step of unit length, as L-BFGS-B's first iteration.
                alpha0 = Math.min(1.0, 1.0 / norm(d));
            } else {
                twoLoop(g, s, y, rho, alphaTmp, stored, newest, m, d);
                alpha0 = 1.0;
            }
            double dg = dot(d, g);
            if (!(dg < 0)) {
                // Not a descent direction (a bad curvature pair can cause it): forget the history.
                stored = 0;
                steepest = true;
                continue;
            }
            Line line = f.line(x, d);
            LineSearch ls = new LineSearch(line, fx, dg);
            double alpha = ls.search(alpha0);
            evals += ls.evals;
            if (!(alpha > 0)) {
                if (!steepest) {
                    // Retry once from the gradient before giving up.
                    stored = 0;
                    steepest = true;
                    continue;
                }
                return new Result(x, fx, gmax, iter, evals, Stop.LINE_SEARCH_FAILED);
            }
            line.accept(alpha, gNew);
            double fNew = ls.valueAt;
            iter++;
            int slot = (newest + 1) % m;
            double sy = 0, yy = 0;
            for (int i = 0; i < n; i++) {
                double si = alpha * d[i];
                double yi = gNew[i] - g[i];
                s[slot][i] = si;
                y[slot][i] = yi;
                sy += si * yi;
                yy += yi * yi;
                x[i] += si;
            }
            // Keep the pair only when it carries positive curvature, so the implied Hessian stays SPD.
            if (sy > 1e-12 * yy && yy > 0) {
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.min(stored + 1, m);
            }
            double[] t = g;
            g = gNew;
            gNew = t;
            double fOld = fx;
            fx = fNew;
            gmax = f.gradientSize(g);
            steepest = false;
            if (gmax <= o.gradientBound(fx)) {
                return new Result(x, fx, gmax, iter, evals, Stop.GRADIENT);
            }
            if ((fOld - fx) <= o.ftol() * Math.max(Math.max(Math.abs(fOld), Math.abs(fx)), 1.0)) {
                return new Result(x, fx, gmax, iter, evals, Stop.RELATIVE_DECREASE);
            }
        }
    }

    /** d = −H·g by the two-loop recursion, with H0 = (sᵀy / yᵀy)·I from the newest pair. */
    private static void twoLoop(double[] g, double[][] s, double[][] y, double[] rho, double[] a, int stored,
                                int newest, int m, double[] d) {
        int n = g.length;
        System.arraycopy(g, 0, d, 0, n);
        for (int k = 0, j = newest; k < stored; k++, j = (j - 1 + m) % m) {
            a[j] = rho[j] * dot(s[j], d);
            axpy(-a[j], y[j], d);
        }
        double gamma = 1.0 / (rho[newest] * dot(y[newest], y[newest]));
        for (int i = 0; i < n; i++) {
            d[i] *= gamma;
        }
        int oldest = (newest - stored + 1 + m) % m;
        for (int k = 0, j = oldest; k < stored; k++, j = (j + 1) % m) {
            double b = rho[j] * dot(y[j], d);
            axpy(a[j] - b, s[j], d);
        }
        for (int i = 0; i < n; i++) {
            d[i] = -d[i];
        }
    }

    /** Strong-Wolfe search on one line; {@link #search} returns 0 when it finds no decrease. */
    static final class LineSearch {
        private final Line line;
        private final double f0, g0;
        int evals;
        double valueAt;
        private double lastAlpha = Double.NaN, lastValue, lastSlope;

        LineSearch(Line line, double f0, double g0) {
            this.line = line;
            this.f0 = f0;
            this.g0 = g0;
        }

        private double eval(double a) {
            evals++;
            lastAlpha = a;
            lastValue = line.value(a);
            lastSlope = line.slope();
            return lastValue;
        }

        private boolean armijo(double a, double v) {
            return v <= f0 + C1 * a * g0;
        }

        double search(double alpha) {
            double aPrev = 0, fPrev = f0, gPrev = g0;
            for (int i = 0; evals < MAX_LINE_EVALS; i++) {
                double fa = eval(alpha);
                double ga = lastSlope;
                if (!Double.isFinite(fa)) {
                    // Overflow far out on the line: treat as "too far" and zoom back.
                    return zoom(aPrev, fPrev, gPrev, alpha, Double.POSITIVE_INFINITY, Double.NaN);
                }
                if (!armijo(alpha, fa) || (i > 0 && fa >= fPrev)) {
                    return zoom(aPrev, fPrev, gPrev, alpha, fa, ga);
                }
                if (Math.abs(ga) <= -C2 * g0) {
                    return done(alpha, fa);
                }
                if (ga >= 0) {
                    return zoom(alpha, fa, ga, aPrev, fPrev, gPrev);
                }
                aPrev = alpha;
                fPrev = fa;
                gPrev = ga;
                // Still descending steeply: the minimum lies further out.
                alpha *= 4;
            }
            return armijo(aPrev, fPrev) && aPrev > 0 ? done(aPrev, fPrev) : 0;
        }

        private double zoom(double lo, double fLo, double gLo, double hi, double fHi, double gHi) {
            while (evals < MAX_LINE_EVALS) {
                double width = hi - lo;
                double a = Double.NaN;
                if (Double.isFinite(fHi) && Double.isFinite(gHi)) {
                    a = cubicMin(lo, fLo, gLo, hi, fHi, gHi);
                }
                double lower = Math.min(lo, hi) + 0.1 * Math.abs(width);
                double upper = Math.max(lo, hi) - 0.1 * Math.abs(width);
                if (!(a >= lower && a <= upper)) {
                    a = lo + 0.5 * width;
                }
                if (a == lo || a == hi) {
                    break; // interval collapsed to machine precision
                }
                double fa = eval(a);
                double ga = lastSlope;
                if (!Double.isFinite(fa) || !armijo(a, fa) || fa >= fLo) {
                    hi = a;
                    fHi = fa;
                    gHi = ga;
                } else {
                    if (Math.abs(ga) <= -C2 * g0) {
                        return done(a, fa);
                    }
                    if (ga * (hi - lo) >= 0) {
                        hi = lo;
                        fHi = fLo;
                        gHi = gLo;
                    }
                    lo = a;
                    fLo = fa;
                    gLo = ga;
                }
            }
            // Out of evaluations: accept the best point if it decreased f enough (no curvature guarantee;
            // the update skips pairs without positive curvature).
            return lo > 0 && armijo(lo, fLo) && fLo < f0 ? done(lo, fLo) : 0;
        }

        private double done(double a, double fa) {
            valueAt = fa;
            return a;
        }
    }

    /** Minimiser of the cubic through (a, fa, ga), (b, fb, gb); NaN when it has none. */
    static double cubicMin(double a, double fa, double ga, double b, double fb, double gb) {
        double d1 = ga + gb - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - ga * gb;
        if (!(disc >= 0)) {
            return Double.NaN;
        }
        double d2 = Math.signum(b - a) * Math.sqrt(disc);
        double den = gb - ga + 2 * d2;
        if (den == 0) {
            return Double.NaN;
        }
        return b - (b - a) * (gb + d2 - d1) / den;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** Evaluates the full function and gradient at every trial point, keeping the last gradient. */
    private static final class FullLine implements Line {
        private final Objective f;
        private final double[] x, dir, point, grad;
        private double gradAlpha = Double.NaN, slope;

        FullLine(Objective f, double[] x, double[] dir) {
            this.f = f;
            this.x = x;
            this.dir = dir;
            this.point = new double[x.length];
            this.grad = new double[x.length];
        }

        @Override
        public double value(double alpha) {
            for (int i = 0; i < x.length; i++) {
                point[i] = x[i] + alpha * dir[i];
            }
            double v = f.valueAndGradient(point, grad);
            gradAlpha = alpha;
            slope = dot(grad, dir);
            return v;
        }

        @Override
        public double slope() {
            return slope;
        }

        @Override
        public void accept(double alpha, double[] out) {
            if (alpha != gradAlpha) {
                value(alpha);
            }
            System.arraycopy(grad, 0, out, 0, grad.length);
        }
    }
}
