#!/usr/bin/env bash
# Builds and pushes the fewshot container images.
#
#   REGISTRY=registry.example.com/fewshot deploy/build-images.sh [--dry-run] [--no-push] [--skip-maven]
#
# Environment:
#   REGISTRY   (required) registry and path prefix, e.g. registry.example.com/fewshot
#   TAG        image tag (default: the git short sha of HEAD, with -dirty if the work tree has changes)
#   VARIANT    jvm | native | cuda | all (default: jvm)
#                jvm     fewshot-trainer, fewshot-evaluator, fewshot-embedder      :TAG         (Dockerfile.jvm)
#                native  the same three repositories                               :TAG-native  (Dockerfile.native)
#                cuda    fewshot-embedder-cuda                                     :TAG         (Dockerfile.embedder-cuda)
#   MVN        Maven command (default: mvn);  DOCKER  docker-compatible CLI (default: docker, e.g. podman)
#   DOCKER_BUILD_ARGS  extra arguments for every docker build (e.g. "--platform linux/amd64 --pull")
#
# Options:
#   --dry-run     print every command instead of running it (needs neither Maven nor Docker)
#   --no-push     build only
#   --skip-maven  reuse the */target/quarkus-app directories already built
#
# The build context of every image is the repository root (see /.dockerignore). The JVM and CUDA images copy the
# Quarkus fast-jar built here by Maven; the native images are compiled inside Docker (Mandrel builder stage).
set -euo pipefail

usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; }

dry_run=false
push=true
maven=true
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    --no-push) push=false ;;
    --skip-maven) maven=false ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ -z "${REGISTRY:-}" ]; then
  echo "REGISTRY is required, e.g. REGISTRY=registry.example.com/fewshot $0" >&2
  exit 2
fi
registry="${REGISTRY%/}"

if [ -z "${TAG:-}" ]; then
  if ! TAG="$(git -C "$root" rev-parse --short HEAD 2>/dev/null)"; then
    echo "TAG is not set and $root is not a git checkout; set TAG" >&2
    exit 2
  fi
  if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    TAG="${TAG}-dirty"
  fi
fi
tag="$TAG"
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"

variant="${VARIANT:-jvm}"
case "$variant" in
  jvm|native|cuda|all) ;;
  *) echo "VARIANT must be jvm, native, cuda or all (got '$variant')" >&2; exit 2 ;;
esac

mvn_cmd="${MVN:-mvn}"
docker_cmd="${DOCKER:-docker}"
read -r -a extra_build_args <<< "${DOCKER_BUILD_ARGS:-}"

# service module -> image name and HTTP port
services=(trainer-service evaluator-service embedder-service)
declare -A image_of=([trainer-service]=fewshot-trainer [evaluator-service]=fewshot-evaluator [embedder-service]=fewshot-embedder)
declare -A port_of=([trainer-service]=8081 [evaluator-service]=8082 [embedder-service]=8083)
# Native executables that use AWT (ImageIO in the embedder, JFreeChart in the evaluator) need freetype and
# fontconfig at run time: a ubi-minimal runtime instead of the micro image.
declare -A native_runtime_of=([trainer-service]="" \
  [evaluator-service]="RUNTIME_IMAGE=registry.access.redhat.com/ubi9/ubi-minimal:9.5 WITH_AWT=true" \
  [embedder-service]="RUNTIME_IMAGE=registry.access.redhat.com/ubi9/ubi-minimal:9.5 WITH_AWT=true")

# The CUDA fast-jar goes to its own directory so that it never replaces the CPU one (Dockerfile.embedder-cuda
# copies embedder-service/target/quarkus-app-cuda; the property names the fast-jar directory itself).
cuda_output_dir=quarkus-app-cuda

# Prints a command so that it can be pasted back into a shell (quoting only what needs it).
show() {
  local out="" a
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then out+="$a "; else out+="$(printf '%q' "$a") "; fi
  done
  echo "${out% }"
}

run() {
  if $dry_run; then
    show "$@"
  else
    echo "+ $*" >&2
    "$@"
  fi
}

build() { # dockerfile image [build-arg...]
  local dockerfile="$1" image="$2"
  shift 2
  local args=()
  for a in "$@"; do args+=(--build-arg "$a"); done
  run "$docker_cmd" build -f "deploy/docker/$dockerfile" \
    --build-arg "VERSION=$tag" --build-arg "REVISION=$revision" "${args[@]}" \
    ${extra_build_args[@]+"${extra_build_args[@]}"} -t "$image" .
  built+=("$image")
}

built=()

if [ "$variant" = jvm ] || [ "$variant" = all ]; then
  if $maven; then
    run "$mvn_cmd" -B package -DskipTests -pl trainer-service,evaluator-service,embedder-service -am
  fi
  for s in "${services[@]}"; do
    build Dockerfile.jvm "$registry/${image_of[$s]}:$tag" "SERVICE=$s" "PORT=${port_of[$s]}"
  done
fi

if [ "$variant" = native ] || [ "$variant" = all ]; then
  for s in "${services[@]}"; do
    read -r -a awt_args <<< "${native_runtime_of[$s]}"
    build Dockerfile.native "$registry/${image_of[$s]}:$tag-native" "SERVICE=$s" "PORT=${port_of[$s]}" \
      ${awt_args[@]+"${awt_args[@]}"}
  done
fi

if [ "$variant" = cuda ] || [ "$variant" = all ]; then
  if $maven; then
    run "$mvn_cmd" -B package -DskipTests -Pcuda -pl embedder-service -am \
      "-Dquarkus.package.output-directory=$cuda_output_dir"
  fi
  build Dockerfile.embedder-cuda "$registry/fewshot-embedder-cuda:$tag" "PORT=8083"
fi

if $push; then
  for image in "${built[@]}"; do
    run "$docker_cmd" push "$image"
  done
fi

if ! $dry_run; then
  if $push; then echo "built and pushed:" >&2; else echo "built:" >&2; fi
  printf '  %s\n' "${built[@]}" >&2
fi
