#!/usr/bin/env python3
"""numpy reference for EvaluationBench: the same work on the same shape, written the plain vectorised way.

- bootstrap: B resamples of n ID and m OOD scores, AUROC (Mann-Whitney by searchsorted) and FPR@95 per resample,
  accuracy from the same ID draws, 2.5/97.5 percentiles (one OOD score);
- sets: softmax of [rows x classes] float32 logits in float64, LAC and APS set sizes at given thresholds
  (APS: sort each row descending, cumulative sums).
Prints CSV rows: task,median_s.
"""
import argparse
import time

import numpy as np


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def bootstrap(s_id, s_ood, correct, b, rng):
    n, m = len(s_id), len(s_ood)
    acc, auroc, fpr = np.empty(b), np.empty(b), np.empty(b)
    k = (95 * n + 99) // 100
    for r in range(b):
        i, j = rng.integers(0, n, n), rng.integers(0, m, m)
        x, y = s_id[i], np.sort(s_ood[j])
        acc[r] = correct[i].mean()
        auroc[r] = (np.searchsorted(y, x, 'left').sum() + np.searchsorted(y, x, 'right').sum()) / (2.0 * n * m)
        t = np.partition(x, n - k)[n - k]
        fpr[r] = np.mean(y >= t)
    return [np.percentile(v, [2.5, 97.5]) for v in (acc, auroc, fpr)]


def sets(z, q_lac, q_aps):
    z = z.astype(np.float64)
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    lac = (1.0 - p <= q_lac).sum(1)
    d = -np.sort(-p, axis=1)
    aps = (np.cumsum(d, axis=1) <= q_aps).sum(1)
    return lac.mean(), aps.mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=40_000)
    ap.add_argument("--m", type=int, default=2_000)
    ap.add_argument("--classes", type=int, default=1000)
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    rng = np.random.default_rng(1)
    s_id, s_ood = rng.normal(1, 1, a.n), rng.normal(0, 1, a.m)
    correct = rng.random(a.n) < 0.7
    t = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        bootstrap(s_id, s_ood, correct, a.resamples, rng)
        t.append(time.perf_counter() - t0)
    print(f"bootstrap_1_score,{median(t):.3f}")
    y = rng.integers(0, a.classes, a.n)
    z = (rng.normal(0, 1.5, (a.n, a.classes)) + 4.0 * (np.arange(a.classes) == y[:, None])).astype(np.float32)
    t = []
    for _ in range(a.reps):
        t0 = time.perf_counter()
        sets(z, 0.998, 0.67)
        t.append(time.perf_counter() - t0)
    print(f"sets_lac_aps,{median(t):.3f}")


if __name__ == "__main__":
    main()
