package dev.fewshot.core.conformal;

import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * What the guarantee promises about the acceptance rate of a finite calibration set. With n calibration rows and
 * l = ⌊(n + 1)α⌋, the share of ID rows refused (p ≤ α), given the calibration rows, is Beta(l, n + 1 − l)
 * distributed over calibration draws (continuous scores; Vovk 2012, Angelopoulos and Bates 2021, §3.2). Its mean is
 * l / (n + 1) ≤ α. The band is the central 95% of the accepted share 1 − Beta(l, n + 1 − l).
 *
 * @param mean expected accepted share, 1 − l / (n + 1) ≥ 1 − α
 * @param lo   2.5% quantile of the accepted share
 * @param hi   97.5% quantile of the accepted share
 */
public record AcceptanceBand(int calibrationRows, double alpha, double mean, double lo, double hi) {

    public static AcceptanceBand of(int calibrationRows, double alpha) {
        Alpha.checked(alpha);
        if (calibrationRows < 1) {
            throw new IllegalArgumentException("the acceptance band needs at least one calibration row");
        }
        long l = (long) Math.floor((calibrationRows + 1.0) * alpha);
        if (l == 0) {
            // fewer than 1/α − 1 rows: p ≥ 1/(n + 1) > α for every row, so every row is accepted
            return new AcceptanceBand(calibrationRows, alpha, 1.0, 1.0, 1.0);
        }
        BetaDistribution refused = new BetaDistribution(null, l, calibrationRows + 1.0 - l);
        return new AcceptanceBand(calibrationRows, alpha, 1.0 - l / (calibrationRows + 1.0),
                1.0 - refused.inverseCumulativeProbability(0.975), 1.0 - refused.inverseCumulativeProbability(0.025));
    }

    /**
     * The fewest calibration rows whose band is at most ±halfWidth around its mean (the larger side counts), for
     * choosing n. Searches n up to 10^7.
     */
    public static int rowsFor(double alpha, double halfWidth) {
        Alpha.checked(alpha);
        if (!(halfWidth > 0 && halfWidth < 1)) {
            throw new IllegalArgumentException("half-width must be in (0, 1), got " + halfWidth);
        }
        int lo = 1;
        int hi = 10_000_000;
        if (!tight(of(hi, alpha), halfWidth)) {
            throw new IllegalArgumentException("no calibration set up to " + hi + " rows reaches ±" + halfWidth);
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tight(of(mid, alpha), halfWidth)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static boolean tight(AcceptanceBand b, double halfWidth) {
        return b.lo() >= b.mean() - halfWidth && b.hi() <= b.mean() + halfWidth && b.lo() < 1.0;
    }
}
