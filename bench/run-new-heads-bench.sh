#!/usr/bin/env bash
# Fit and scoring cost of the heads and OOD scores beyond the study at ImageNet scale, next to prototype's.
# Usage: bench/run-new-heads-bench.sh [--reps 3] [--test 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Dstyle.color=never -pl bench -am install -DskipTests >&2
java -Xmx2g -cp "bench/target/classes:bench/target/lib/*" dev.fewshot.bench.NewHeadsBench "$@"
