#!/usr/bin/env bash
# Matrix-product benchmark: numpy/OpenBLAS float32 versus the Java candidates, same machine, same
# run. Usage (from anywhere): bench/run-gemm-bench.sh [rounds] [extra GemmBench args...]
# Each round runs numpy then GemmBench (each reports a median over >= 5 repetitions); the table
# shows the median over rounds, so noise from other processes on the machine is damped.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
shift || true

mvn -q -B -Dstyle.color=never -pl bench -am package -DskipTests >&2

CP="bench/target/classes:bench/target/lib/*"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

for r in $(seq 1 "$ROUNDS"); do
  echo "== round $r/$ROUNDS" >&2
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/scripts/numpy_gemm.py --reps 5 \
    > "$OUT/numpy.$r.csv"
  java -Xmx4g --add-modules jdk.incubator.vector -cp "$CP" dev.fewshot.bench.GemmBench \
    --reps 5 --csv "$@" 2> >(grep -v -e 'WARNING: Using incubator modules' >&2) \
    | grep -v '^#' > "$OUT/java.$r.csv"
  cat "$OUT/numpy.$r.csv" "$OUT/java.$r.csv" | grep -v '^candidate' >&2
done

python3 - "$OUT" "$ROUNDS" <<'PY'
import csv, glob, os, platform, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
vals = {}
order = []
for f in sorted(glob.glob(os.path.join(out, "*.csv"))):
    for row in csv.DictReader(open(f)):
        name = row["candidate"]
        if name not in vals:
            vals[name] = []
            order.append(name)
        vals[name].append(float(row["median_gflops"]))
ref_name = next((n for n in order if n.startswith("numpy-chunk")), None)
ref = statistics.median(vals[ref_name]) if ref_name else None
model = ""
try:
    model = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    pass
print(f"\nM=50000 K=512 N=1000 (A·Wᵀ, 4096-row chunks), {os.cpu_count()} CPUs ({model}), "
      f"{rounds} rounds; per round each entry is the median of 5 timed runs after 2 warm-ups.\n")
print("| kernel | GFLOP/s (median of rounds) | per-round medians | ratio to " + (ref_name or "numpy") + " |")
print("|---|---:|---|---:|")
numpy_first = sorted(order, key=lambda n: (not n.startswith("numpy"), order.index(n)))
for n in numpy_first:
    med = statistics.median(vals[n])
    ratio = f"{med / ref:.2f}" if ref else "n/a"
    print(f"| {n} | {med:.1f} | {', '.join(f'{v:.0f}' for v in vals[n])} | {ratio} |")
PY
