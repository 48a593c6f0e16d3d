#!/usr/bin/env bash
# ImageNet-scale sweep benchmark (1000 classes x 512 dims, pool 48/class, 50,000 ID + 2,000 OOD),
# with the numpy/OpenBLAS float32 product of the scoring shape measured in the same run.
# Usage: bench/run-sweep-bench.sh [extra SweepBench args, e.g. --linear-c 10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dstyle.color=never -pl bench -am install -DskipTests >&2
CP="bench/target/classes:bench/target/lib/*"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

echo "== numpy/OpenBLAS reference (A[50000x512] . W[1000x512]^T, 2048-row chunks)" >&2
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/scripts/numpy_gemm.py --reps 5 --chunk 2048 | tee "$OUT/numpy.csv"

echo "== Java sweep under -Xmx2g" >&2
java -Xmx2g -cp "$CP" dev.fewshot.bench.SweepBench "$@" 2>"$OUT/progress.log" | tee "$OUT/java.txt"

python3 - "$OUT" <<'PY'
import csv, os, re, sys
out = sys.argv[1]
rows = {r["candidate"]: float(r["median_gflops"]) for r in csv.DictReader(open(os.path.join(out, "numpy.csv")))}
ref = next(v for k, v in rows.items() if k.startswith("numpy-chunk"))
txt = open(os.path.join(out, "java.txt")).read()
prod = float(re.search(r"kernel_product_gflops=([\d.]+)", txt).group(1))
score = float(re.search(r"kernel_scoring_gflops=([\d.]+)", txt).group(1))
print(f"\n| kernel | GFLOP/s | ratio to numpy |\n|---|---:|---:|")
print(f"| numpy/OpenBLAS float32, 2048-row chunks | {ref:.1f} | 1.00 |")
print(f"| fewshot prepacked product (ORT MLAS) | {prod:.1f} | {prod / ref:.2f} |")
print(f"| fewshot whole scoring (product + per-row OOD statistics) | {score:.1f} | {score / ref:.2f} |")
PY
