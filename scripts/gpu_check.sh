#!/usr/bin/env bash
# scripts/gpu_check.sh — DeepNB's training on an NVIDIA GPU through JAX's CUDA PJRT plugin.
#
# 1. Builds cmd/bench and cmd/train (cgo: XLA compiled in) into $DEEPNB_GPU_OUT.
# 2. Finds JAX's plugin, xla_cuda_plugin.so in site-packages/jax_plugins/xla_cuda13/ (pip
#    package jax-cuda13-pjrt; NVIDIA's libraries come as pip wheels next to it and are found
#    through the plugin's RPATH), unless --plugin names one.
# 3. With GOMLX_BACKEND=xla:/abs/path/xla_cuda_plugin.so it runs
#      bench -models cnn      steady-state training and inference examples/s, and the wall
#                             time until test accuracy first reaches 98 % (-cnn-target 0.98)
#      train -epochs 2        the notebook's training run (metrics.json, curves.png)
#    and prints a summary: GPU, training examples/s, inference examples/s, time to 98 %.
#
# Usage: scripts/gpu_check.sh [--plugin PATH] [--dry-run]
#   --plugin PATH   the xla_cuda_plugin.so to use (default: $DEEPNB_CUDA_PLUGIN, else searched
#                   in python3's site-packages)
#   --dry-run       build and find the plugin, then print the commands instead of running them
# Environment: DEEPNB_GPU_OUT [build/gpu], DEEPNB_GPU_TIMEOUT [900, seconds per run],
#   DEEPNB_CUDA_PLUGIN, XLA_FLAGS (passed through).
# Needs: Go >= 1.26 and gcc; an NVIDIA driver for CUDA 13 (580 or newer); and, e.g. in a venv:
#   python3 -m pip install "jax[cuda13]==0.8.1"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
OUT="${DEEPNB_GPU_OUT:-$ROOT/build/gpu}"
TIMEOUT="${DEEPNB_GPU_TIMEOUT:-900}"
PLUGIN="${DEEPNB_CUDA_PLUGIN:-}"
DRY_RUN=0

die() {
  echo "gpu_check: ERROR: $*" >&2
  exit 1
}
info() { echo "gpu_check: $*"; }

while (($# > 0)); do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --plugin)
      (($# >= 2)) || die "--plugin needs a path"
      PLUGIN="$2"
      shift
      ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
  shift
done
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "DEEPNB_GPU_TIMEOUT='$TIMEOUT': want a number of seconds"

# ------------------------------------------------------------------ the plugin
find_plugin() {
  command -v python3 >/dev/null 2>&1 || return 0
  local dir f
  while IFS= read -r dir; do
    for f in "$dir"/jax_plugins/xla_cuda13/xla_cuda_plugin.so "$dir"/jax_plugins/xla_cuda*/xla_cuda_plugin.so; do
      if [[ -f "$f" ]]; then
        echo "$f"
        return 0
      fi
    done
  done < <(python3 -c 'import site, sys; print("\n".join(sys.path + site.getsitepackages() + [site.getusersitepackages()]))' 2>/dev/null)
}

if [[ -z "$PLUGIN" ]]; then
  PLUGIN="$(find_plugin)"
  [[ -n "$PLUGIN" ]] || die "JAX's CUDA PJRT plugin not found in python3's site-packages: install it with
    python3 -m pip install \"jax[cuda13]==0.8.1\"
  (in the Python that python3 runs), or pass --plugin /abs/path/to/xla_cuda_plugin.so"
fi
[[ "$PLUGIN" == /* ]] || PLUGIN="$PWD/$PLUGIN"
[[ -f "$PLUGIN" ]] || die "plugin $PLUGIN: no such file"
info "plugin: $PLUGIN"

# ------------------------------------------------------------------- building
[[ "$(cd "$ROOT" && go env CGO_ENABLED)" == 1 ]] || die "cgo is off (go env CGO_ENABLED): XLA needs it; install gcc, set CGO_ENABLED=1"
mkdir -p "$OUT"
info "building cmd/bench and cmd/train into $OUT"
(cd "$ROOT" && go build -o "$OUT/bench" ./cmd/bench && go build -o "$OUT/train" ./cmd/train) ||
  die "go build failed"

# ------------------------------------------------------------------- running
# go-xla looks for NVIDIA's libraries in nvidia/ two levels above the plugin (its own install
# layout) and warns when they are elsewhere, as in a pip install, where the plugin's RPATH
# finds them: the warning does not apply, so it is switched off.
ENV=(GOMLX_BACKEND="xla:$PLUGIN" GOMLX_NO_AUTO_INSTALL=1 GOPJRT_CUDA_CHECKS=0)
BENCH=(timeout "$TIMEOUT" "$OUT/bench" -models cnn -cnn-epochs 3 -cnn-target 0.98 -out "$OUT/bench-cnn.json")
TRAIN=(timeout "$TIMEOUT" "$OUT/train" -epochs 2 -out "$OUT/train")

show() {
  local quoted
  printf -v quoted '%q ' "$@"
  echo "+ ${quoted% }"
}

if [[ "$DRY_RUN" == 1 ]]; then
  show nvidia-smi -L
  show env "${ENV[@]}" "${BENCH[@]}"
  show env "${ENV[@]}" "${TRAIN[@]}"
  info "dry run: nothing was run on a GPU"
  exit 0
fi

command -v nvidia-smi >/dev/null 2>&1 || die "nvidia-smi not found: no NVIDIA driver on this machine"
gpu="$(nvidia-smi -L)" || die "nvidia-smi -L failed: is the GPU visible (docker: --gpus all)?"
info "GPU: $gpu"
info "bench (the first XLA compile on a GPU can take a minute)"
env "${ENV[@]}" "${BENCH[@]}" || die "bench failed (exit $?)"
info "train"
env "${ENV[@]}" "${TRAIN[@]}" || die "train failed (exit $?)"

python3 - "$OUT/bench-cnn.json" "$gpu" <<'EOF'
import json, sys
row = json.load(open(sys.argv[1]))["rows"][0]
to98 = "not reached in %d epochs" % row["max_epochs"]
if row["seconds_to_target"] > 0:
    to98 = "%.1f s (%.1f epochs)" % (row["seconds_to_target"], row["epochs_to_target"])
print("gpu_check: summary on %s, backend %s, batch %d:" % (sys.argv[2].splitlines()[0], row["backend"], row["batch_size"]))
print("gpu_check:   training   %.0f examples/s" % row["train_examples_per_sec"])
print("gpu_check:   inference  %.0f examples/s" % row["infer_examples_per_sec"])
print("gpu_check:   time to 98 %% test accuracy: %s (final %.4f)" % (to98, row["final_accuracy"]))
EOF
info "results: $OUT/bench-cnn.json, $OUT/train/metrics.json"
