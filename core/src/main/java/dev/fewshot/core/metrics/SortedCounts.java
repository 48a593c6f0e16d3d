package dev.fewshot.core.metrics;

/** Counts in an ascending array by binary search (Arrays.binarySearch finds some equal element, not the first). */
public final class SortedCounts {
    private SortedCounts() {
    }

    /** How many values are < v: the first index with sorted[i] >= v. */
    public static int below(double[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** How many values are <= v: the first index with sorted[i] > v. */
    public static int atMost(double[] sorted, double v) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
