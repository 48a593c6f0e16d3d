#!/usr/bin/env python3
"""numpy/OpenBLAS float32 reference for GemmBench: A[M,K] @ W[N,K].T, median GFLOP/s.

Run with the OpenBLAS tuning variables unset so OpenBLAS picks its own kernel:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/scripts/numpy_gemm.py
Prints CSV rows candidate,median_gflops,min_s,median_s (same columns as GemmBench --csv).
"""
import argparse
import os
import sys
import time

import numpy as np


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--m", type=int, default=50_000)
    p.add_argument("--k", type=int, default=512)
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--chunk", type=int, default=4096)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()

    blas = {}
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    except Exception:  # older numpy
        pass
    try:
        from threadpoolctl import threadpool_info
        pools = [(i.get("internal_api"), i.get("num_threads"), i.get("architecture"))
                 for i in threadpool_info()]
    except ImportError:
        pools = "threadpoolctl not installed"
    env = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                          "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    print(f"# numpy {np.__version__} blas={blas.get('name')} {blas.get('version')} "
          f"threadpools={pools} env={env} cpus={os.cpu_count()}", file=sys.stderr)

    rng = np.random.default_rng(42)
    A = rng.standard_normal((a.m, a.k), dtype=np.float32)
    W = rng.standard_normal((a.n, a.k), dtype=np.float32)
    Wt = W.T  # a view: OpenBLAS sgemm with transB, no copy
    out = np.empty((a.m, a.n), dtype=np.float32)
    flops = 2.0 * a.m * a.k * a.n

    def chunked():
        for r0 in range(0, a.m, a.chunk):
            r1 = min(a.m, r0 + a.chunk)
            np.matmul(A[r0:r1], Wt, out=out[r0:r1])

    def whole():
        np.matmul(A, Wt, out=out)

    print("candidate,median_gflops,min_s,median_s")
    for name, fn in ((f"numpy-chunk{a.chunk}", chunked), ("numpy-whole", whole)):
        secs = []
        for r in range(a.warmup + a.reps):
            t0 = time.perf_counter()
            fn()
            s = time.perf_counter() - t0
            if r >= a.warmup:
                secs.append(s)
        med = median(secs)
        print(f"{name},{flops / med / 1e9:.1f},{min(secs):.4f},{med:.4f}", flush=True)


if __name__ == "__main__":
    main()
