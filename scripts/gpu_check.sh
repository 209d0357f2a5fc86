#!/usr/bin/env bash
# scripts/gpu_check.sh — DeepNB's XLA path on an NVIDIA GPU, next to PyTorch on the same GPU.
#
# Two steps, because the GPU machine may have neither Go nor the module cache (nor a network):
#
#   scripts/gpu_check.sh prepare [KIT]   here: builds cmd/train, cmd/bench and the test binary of
#                                        gomlx_ext/layers (cgo, XLA compiled in) and packs them with
#                                        the MNIST files and the PyTorch peer into KIT
#                                        (default build/gpu-kit, about 30 MB)
#   scripts/gpu_check.sh run [--kit KIT] [--plugin PATH] [--dry-run]
#                                        on the GPU machine: finds the CUDA PJRT plugin and runs
#     1. the layers' tests on XLA-CUDA (native convolution and pooling gradients against finite
#        differences, and the im2col path against native convolution);
#     2. train: the seed CNN, 3 epochs at batch 128, -min-accuracy 0.98;
#     3. bench: seed CNN and MLP at batch 128 and 1024 (train and inference examples/s, peak
#        memory, time to 98 % / 97 % test accuracy);
#     4. the PyTorch peer on CUDA with the same models, initialisation, optimizer and batches;
#     and prints one table per batch size (`bench compare`). Every file goes under $OUT
#     (default build/gpu): logs, JSON, the tables in summary.txt.
#
# The plugin: --plugin PATH, else $DEEPNB_CUDA_PLUGIN, else JAX's xla_cuda_plugin.so found in the
# site-packages of python3 (pip package jax-cuda13-pjrt or jax-cuda12-pjrt; NVIDIA's libraries come
# as pip wheels beside it and are found through the plugin's RPATH).
# XLA_FLAGS: go-xla v0.1.4 otherwise sets --xla_gpu_cuda_data_dir to a path of its author's machine,
# so this script sets it to the CUDA directory it finds (pip's nvidia/cuda_nvcc, $CUDA_HOME,
# /usr/local/cuda) unless XLA_FLAGS already names one.
# Environment: OUT or DEEPNB_GPU_OUT [build/gpu], DEEPNB_GPU_TIMEOUT [300, seconds per step],
#   DEEPNB_CUDA_PLUGIN, XLA_FLAGS, PYTHON [python3].
# A step that fails is recorded and the others still run (device time is scarce); the exit status
# is non-zero if any step failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
TIMEOUT="${DEEPNB_GPU_TIMEOUT:-300}"
PYTHON="${PYTHON:-python3}"
# The Go that go.mod names (fetched from the module proxy) and the experiment make's builds use.
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}" GOEXPERIMENT="${GOEXPERIMENT-simd}"

die() {
  echo "gpu_check: ERROR: $*" >&2
  exit 1
}
info() { echo "gpu_check: $*"; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "DEEPNB_GPU_TIMEOUT='$TIMEOUT': want a number of seconds"

# ------------------------------------------------------------------- prepare
prepare() {
  local kit="${1:-$ROOT/build/gpu-kit}"
  (($# <= 1)) || die "prepare takes one directory, got: $*"
  [[ "$kit" == /* ]] || kit="$PWD/$kit"
  [[ "$(cd "$ROOT" && go env CGO_ENABLED)" == 1 ]] || die "cgo is off (go env CGO_ENABLED): XLA needs it; install gcc, set CGO_ENABLED=1"
  local bin
  bin="$(mktemp -d)"
  trap 'rm -rf "$bin"' RETURN
  info "building cmd/train, cmd/bench and the gomlx_ext/layers test binary (XLA compiled in)"
  (
    cd "$ROOT"
    go build -ldflags='-s -w' -o "$bin/train" ./cmd/train
    go build -ldflags='-s -w' -o "$bin/bench" ./cmd/bench
    go test -c -ldflags='-s -w' -o "$bin/layers.test" ./gomlx_ext/layers
  ) || die "go build failed"
  local mnist
  mnist="$(cd "$ROOT" && "$bin/bench" mnist-dir)" || die "cannot find the MNIST files (bench mnist-dir)"
  rm -rf "$kit.tmp"
  mkdir -p "$kit.tmp/mnist"
  # Compressed, the binaries and data fit the 64 MiB a device run may carry.
  tar -C "$bin" -cf - train bench layers.test | gzip -6 >"$kit.tmp/bin.tar.gz"
  cp "$mnist"/*-ubyte.gz "$kit.tmp/mnist/"
  cp "$ROOT/scripts/bench/torch_peer.py" "$kit.tmp/"
  (cd "$ROOT" && git rev-parse HEAD 2>/dev/null || echo unknown) >"$kit.tmp/commit"
  rm -rf "$kit"
  mv "$kit.tmp" "$kit"
  info "kit ready: $kit ($(du -sh "$kit" | cut -f1)); on the GPU machine: scripts/gpu_check.sh run --kit $kit"
}

# ----------------------------------------------------------------------- run
find_plugin() {
  command -v "$PYTHON" >/dev/null 2>&1 || return 0
  local dir f
  while IFS= read -r dir; do
    for f in "$dir"/jax_plugins/xla_cuda13/xla_cuda_plugin.so "$dir"/jax_plugins/xla_cuda*/xla_cuda_plugin.so; do
      if [[ -f "$f" ]]; then
        echo "$f"
        return 0
      fi
    done
  done < <("$PYTHON" -c 'import site, sys; print("\n".join(sys.path + site.getsitepackages() + [site.getusersitepackages()]))' 2>/dev/null)
}

# The directory XLA searches for nvvm/libdevice and ptxas.
find_cuda_dir() {
  local plugin="$1" d
  local site
  site="$(dirname "$(dirname "$(dirname "$plugin")")")" # .../site-packages
  for d in "$site/nvidia/cuda_nvcc" "${CUDA_HOME:-}" /usr/local/cuda; do
    if [[ -n "$d" && -d "$d/nvvm/libdevice" ]]; then
      echo "$d"
      return 0
    fi
  done
}

run() {
  local kit="$ROOT/build/gpu-kit" plugin="${DEEPNB_CUDA_PLUGIN:-}" dry_run=0
  while (($# > 0)); do
    case "$1" in
      --dry-run) dry_run=1 ;;
      --kit | --plugin)
        (($# >= 2)) || die "$1 needs a path"
        if [[ "$1" == --kit ]]; then kit="$2"; else plugin="$2"; fi
        shift
        ;;
      *) die "run: unknown argument '$1' (try --help)" ;;
    esac
    shift
  done
  [[ "$kit" == /* ]] || kit="$PWD/$kit"
  [[ -f "$kit/bin.tar.gz" && -d "$kit/mnist" ]] || die "no kit in $kit: run 'scripts/gpu_check.sh prepare' on a machine with Go first"
  local out="${OUT:-${DEEPNB_GPU_OUT:-$ROOT/build/gpu}}"
  mkdir -p "$out"

  if [[ -z "$plugin" ]]; then
    plugin="$(find_plugin)"
    [[ -n "$plugin" ]] || die "JAX's CUDA PJRT plugin not found in $PYTHON's site-packages: install it with
    $PYTHON -m pip install \"jax[cuda13]==0.8.1\"
  or pass --plugin /abs/path/to/xla_cuda_plugin.so"
  fi
  [[ "$plugin" == /* ]] || plugin="$PWD/$plugin"
  [[ -f "$plugin" ]] || die "plugin $plugin: no such file"
  info "plugin: $plugin"
  local xla_flags="${XLA_FLAGS:-}"
  if [[ "$xla_flags" != *--xla_gpu_cuda_data_dir* ]]; then
    local cuda_dir
    cuda_dir="$(find_cuda_dir "$plugin")"
    if [[ -n "$cuda_dir" ]]; then
      xla_flags="${xla_flags:+$xla_flags }--xla_gpu_cuda_data_dir=$cuda_dir"
    else
      info "no CUDA directory with nvvm/libdevice found; XLA_FLAGS left as it is"
    fi
  fi

  local bin="$out/bin"
  mkdir -p "$bin"
  tar -C "$bin" -xzf "$kit/bin.tar.gz"
  # go-xla looks for NVIDIA's libraries two levels above the plugin (its own install layout) and
  # warns when they are elsewhere, as in a pip install, where the plugin's RPATH finds them.
  local env=(GOMLX_BACKEND="xla:$plugin" GOMLX_NO_AUTO_INSTALL=1 GOPJRT_CUDA_CHECKS=0
    XLA_FLAGS="$xla_flags" DEEPNB_MNIST_DIR="$kit/mnist")
  local steps=(
    "layers|$bin/layers.test -test.v -test.count=1"
    "train|$bin/train -epochs 3 -batch 128 -min-accuracy 0.98 -out $out/train"
    "bench-128|$bin/bench -models cnn,mlp -batch 128 -out $out/deepnb-128.json"
    "bench-1024|$bin/bench -models cnn,mlp -batch 1024 -out $out/deepnb-1024.json"
    "torch-128|$PYTHON $kit/torch_peer.py --device cuda --batch 128 --mnist-dir $kit/mnist --out $out/torch-128.json"
    "torch-1024|$PYTHON $kit/torch_peer.py --device cuda --batch 1024 --mnist-dir $kit/mnist --out $out/torch-1024.json"
  )
  if [[ "$dry_run" == 1 ]]; then
    echo "+ nvidia-smi -L"
    local step
    for step in "${steps[@]}"; do
      echo "+ [${step%%|*}] env ${env[*]} timeout $TIMEOUT ${step#*|}"
    done
    info "dry run: nothing was run on a GPU"
    return 0
  fi

  command -v nvidia-smi >/dev/null 2>&1 || die "nvidia-smi not found: no NVIDIA driver on this machine"
  local gpu
  gpu="$(nvidia-smi -L)" || die "nvidia-smi -L failed: is the GPU visible (docker: --gpus all)?"
  info "GPU: $gpu; commit $(cat "$kit/commit" 2>/dev/null || echo unknown)"
  local failed=() name cmd start status
  for step in "${steps[@]}"; do
    name="${step%%|*}" cmd="${step#*|}"
    info "[$name] $cmd"
    start="$(date +%s)"
    status=0
    # shellcheck disable=SC2086 # the step's words are split on purpose
    env "${env[@]}" timeout "$TIMEOUT" $cmd >"$out/$name.log" 2>&1 || status=$?
    info "[$name] exit $status after $(($(date +%s) - start)) s (log: $out/$name.log)"
    tail -n 3 "$out/$name.log" | sed 's/^/    /'
    ((status == 0)) || failed+=("$name")
  done
  {
    echo "GPU: $gpu"
    echo "backend: xla:$plugin"
    echo "XLA_FLAGS: $xla_flags"
    grep -E '^(--- (PASS|FAIL|SKIP)|ok|FAIL)' "$out/layers.log" || true
    grep -iE 'test accuracy|examples/s|peak' "$out/train.log" | tail -n 4 || true
    local b
    for b in 128 1024; do
      echo
      echo "batch $b:"
      if [[ -f "$out/deepnb-$b.json" && -f "$out/torch-$b.json" ]]; then
        "$bin/bench" compare "$out/deepnb-$b.json" "$out/torch-$b.json" || true
      else
        echo "(missing results: $(ls "$out"/*-"$b".json 2>/dev/null | xargs -r -n1 basename | tr '\n' ' '))"
      fi
    done
  } | tee "$out/summary.txt"
  if ((${#failed[@]} > 0)); then
    die "failed steps: ${failed[*]} (logs in $out)"
  fi
  info "all steps passed; results in $out"
}

case "${1:-}" in
  prepare) shift && prepare "$@" ;;
  run) shift && run "$@" ;;
  -h | --help) usage ;;
  "") usage >&2 && exit 2 ;;
  *) die "unknown command '$1' (want prepare or run; try --help)" ;;
esac
