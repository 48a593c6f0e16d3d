#!/usr/bin/env bash
# Downloads the CLIP ViT-B/32 ONNX export (Hugging Face layout) into a model directory and checks it.
#
#   deploy/models/fetch-model.sh [MODEL_DIR]        (default: models/clip-vit-base-patch32)
#
# Environment:
#   MODEL_REPO   hub repository with onnx/vision_model.onnx and onnx/text_model.onnx
#                (default: Xenova/clip-vit-base-patch32, the Transformers.js export of openai/clip-vit-base-patch32)
#   HF_ENDPOINT  hub address or a mirror (default: https://huggingface.co)
#   HF_TOKEN     optional bearer token
#   MIN_BYTES    overrides every minimum size below (tests use a tiny model from a file:// endpoint)
#
# The embedder reads vision_model.onnx, text_model.onnx and tokenizer.json from MODEL_DIR and checks
# the models' inputs and outputs itself at start-up; this script only checks that each file arrived
# whole (non-empty, plausible size, valid JSON for the tokenizer files) and prints SHA-256 sums to pin.
set -euo pipefail

dir="${1:-models/clip-vit-base-patch32}"
repo="${MODEL_REPO:-Xenova/clip-vit-base-patch32}"
endpoint="${HF_ENDPOINT:-https://huggingface.co}"
auth=()
[ -n "${HF_TOKEN:-}" ] && auth=(-H "Authorization: Bearer ${HF_TOKEN}")

# file in the repo -> minimum plausible size in bytes (fp32 ViT-B/32: ~88 M vision, ~63 M text parameters)
files=(
  "onnx/vision_model.onnx 300000000"
  "onnx/text_model.onnx 200000000"
  "tokenizer.json 1000000"
  "vocab.json 500000"
  "merges.txt 300000"
  "special_tokens_map.json 100"
  "tokenizer_config.json 100"
)

mkdir -p "$dir"
for entry in "${files[@]}"; do
  src="${entry% *}"; min="${MIN_BYTES:-${entry##* }}"
  dst="$dir/$(basename "$src")"
  if [ -s "$dst" ] && [ "$(stat -c %s "$dst")" -ge "$min" ]; then
    echo "have  $dst"
    continue
  fi
  echo "fetch $endpoint/$repo/resolve/main/$src"
  curl -fL --retry 3 "${auth[@]}" -o "$dst.part" "$endpoint/$repo/resolve/main/$src"
  mv "$dst.part" "$dst"
done

status=0
for entry in "${files[@]}"; do
  src="${entry% *}"; min="${MIN_BYTES:-${entry##* }}"
  dst="$dir/$(basename "$src")"
  size=$(stat -c %s "$dst")
  if [ "$size" -lt "$min" ]; then
    echo "BAD   $dst: $size bytes, expected at least $min" >&2; status=1
  fi
  case "$dst" in
    *.json) ! command -v python3 >/dev/null || python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$dst" 2>/dev/null \
              || { echo "BAD   $dst: not valid JSON" >&2; status=1; } ;;
  esac
done
[ "$status" -eq 0 ] || exit "$status"
echo "model files in $dir:"
( cd "$dir" && sha256sum vision_model.onnx text_model.onnx tokenizer.json )
