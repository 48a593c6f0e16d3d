#!/usr/bin/env bash
# Image embedding throughput on CPU with a ViT-B/32-shaped model (random weights, real size):
# decode+preprocess per core, bare ONNX Runtime on ready tensors, and end to end (JPEG -> Kafka),
# all in the same run with the same threads.
# Usage: bench/run-embed-bench.sh [MODEL_DIR] [images=192] [reps=3] [batch=32]
#   MODEL_DIR holds vision_model.onnx; if it does not, it is generated with make-clip-onnx.py
#   (needs Debian python3-torch and python3-onnx; the script is in ../shared/tools or set MAKE_CLIP_ONNX).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL_DIR="${1:-bench/target/vit-b32-shaped}"
if [ ! -f "$MODEL_DIR/vision_model.onnx" ]; then
  TOOL="${MAKE_CLIP_ONNX:-../shared/tools/make-clip-onnx.py}"
  echo "== generating a ViT-B/32-shaped model in $MODEL_DIR with $TOOL" >&2
  /usr/bin/python3 "$TOOL" --config vit-b32-shaped --out "$MODEL_DIR" >&2
fi
mvn -q -B -Dstyle.color=never -pl bench -am install -DskipTests >&2
CP="bench/target/classes:bench/target/lib/*"
java -Xmx2g -cp "$CP" dev.fewshot.bench.EmbedBench "$MODEL_DIR/vision_model.onnx" "${2:-192}" "${3:-3}" "${4:-32}"
