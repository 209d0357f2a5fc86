#!/usr/bin/env bash
# scripts/test_image.sh — make test-image: builds DeepNB's image (the offline variant: Debian's
# classic Notebook, the pure-Go backend, on a local Debian base) from a cold layer cache and uses
# it the way a user does, as the image's non-root user:
#   1. the gonb kernel is listed;
#   2. notebook 01 runs through the harness (the seed CNN reaches 98 %, every claim checked);
#   3. cmd/train trains the seed CNN inside and on this host with the same seed and backend: the
#      printed test accuracies must agree to the last digit;
#   4. `make lab`'s server runs in a container with the notebooks folder mounted from the host; a
#      cell runs over the REST/websocket API through the published port (scripts/jupyter_exec.py)
#      and a notebook saved through the contents API is still on the host after the container
#      is removed;
#   5. the same checks reject a broken image (the kernel spec removed) with a clear line.
# Everything it starts (containers, images, the base) is removed on exit, pass or fail.
#
# Environment: DEEPNB_TEST_PORT [18888], DEEPNB_TEST_EPOCHS [1] (cmd/train's epochs),
# DEEPNB_TEST_KEEP=1 keeps the images; with DEEPNB_TEST_REUSE=1 a kept image is used again
# instead of being rebuilt (for working on this script; CI never sets it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
cd "$ROOT"
PORT="${DEEPNB_TEST_PORT:-18888}"
EPOCHS="${DEEPNB_TEST_EPOCHS:-1}"
SEED=7
OUT="$ROOT/build/test-image"
export DEEPNB_IMAGE_NAME=deepnb-test DEEPNB_VARIANT=offline DEEPNB_NO_CACHE=1
GO_VERSION="$(sed -n 's/^go \([0-9.]*\)$/\1/p' go.mod)"
export DEEPNB_BASE_IMAGE="localhost/deepnb-test-base:bookworm-go$GO_VERSION"
VERSION="$(tr -d '[:space:]' <VERSION)"
IMAGE="localhost/$DEEPNB_IMAGE_NAME:${VERSION#v}-offline"
BROKEN="localhost/$DEEPNB_IMAGE_NAME:broken"
LAB=deepnb-test-lab

die() {
  echo "test-image: FAIL: $*" >&2
  exit 1
}
info() { echo "test-image: $*"; }

ENGINE="$(bash scripts/container.sh engine)" || exit 1
export DEEPNB_ENGINE="$ENGINE"
[[ "$ENGINE" == podman ]] && export CONTAINERS_CONF="${CONTAINERS_CONF:-${DEEPNB_TOOLS_DIR:-$ROOT/.tools}/containers.conf}"

# GoNB's `go get` in a notebook checks modules against the checksum database through the module
# proxy, which on CI machines is reached through a TLS proxy whose certificate only the host
# trusts: the test's containers see the host's CA bundle, mounted read-only at run time. The
# image itself never holds it.
# --no-healthcheck: the image's HEALTHCHECK is for users' engines; rootful Podman without systemd only logs errors
# trying to schedule it, and step 4 runs the same check itself.
RUN_OPTS=(--no-healthcheck)
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  RUN_OPTS+=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)
fi

cleanup() {
  "$ENGINE" rm -f "$LAB" >/dev/null 2>&1 || true
  if [[ "${DEEPNB_TEST_KEEP:-0}" != 1 ]]; then
    "$ENGINE" rmi -f "$BROKEN" "$IMAGE" "localhost/$DEEPNB_IMAGE_NAME:${VERSION#v}" "$DEEPNB_BASE_IMAGE" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

rm -rf "$OUT"
mkdir -p "$OUT"
t0=$(date +%s)
info "engine: $ENGINE; building $IMAGE from a cold cache"
if [[ "${DEEPNB_TEST_REUSE:-0}" == 1 ]] && "$ENGINE" image inspect "$IMAGE" >/dev/null 2>&1; then
  info "DEEPNB_TEST_REUSE=1: using the existing $IMAGE (not a cold build)"
else
  bash scripts/container.sh base
  bash scripts/container.sh build >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log" >&2; die "the image build failed (log: $OUT/build.log)"; }
fi
build_s=$(($(date +%s) - t0))
size="$("$ENGINE" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
info "built $IMAGE in ${build_s}s: $size"

# inside IMG CMD: runs CMD with bash in a fresh container of IMG as the image's own user.
inside() {
  local img="$1"
  shift
  "$ENGINE" run --rm "${RUN_OPTS[@]}" "$img" bash -c "$*"
}

# check_kernel IMG: the gonb kernel must be listed in IMG.
check_kernel() {
  local list
  list="$(inside "$1" 'JUPYTER_DATA_DIR=$DEEPNB_REPO/.tools/jupyter jupyter kernelspec list' 2>&1)" || true
  grep -qw gonb <<<"$list" || {
    echo "$list" >&2
    echo "image $1: the gonb kernel is not listed by 'jupyter kernelspec list'" >&2
    return 1
  }
}

check_kernel "$IMAGE" || die "kernel check"
user="$(inside "$IMAGE" 'id -un')"
[[ "$user" == deepnb ]] || die "image $IMAGE runs as '$user', want the non-root user deepnb"
info "1. the gonb kernel is listed; the image runs as $user"

t=$(date +%s)
inside "$IMAGE" 'make test-notebooks NOTEBOOK=01' >"$OUT/notebook01.log" 2>&1 || {
  tail -40 "$OUT/notebook01.log" >&2
  die "notebook 01 failed in the image (log: $OUT/notebook01.log)"
}
grep -q -- '--- PASS: TestNotebooks/01' "$OUT/notebook01.log" || die "notebook 01 did not report PASS (log: $OUT/notebook01.log)"
# The harness's line: "01_mnist_cnn: 59.6s, 9/9 code cells run, 7 claims; log ...".
nb_line="$(sed -n 's/.*\(01_mnist_cnn: [0-9.]*s, [0-9]*\/[0-9]* code cells run, [0-9]* claims\).*/\1/p' "$OUT/notebook01.log" | head -1)"
[[ "$nb_line" =~ ,\ ([1-9][0-9]*)\ claims$ ]] || die "notebook 01 checked no claims in the image (log: $OUT/notebook01.log)"
info "2. notebook 01 passed in the image through the harness ($nb_line; $(($(date +%s) - t))s)"

t=$(date +%s)
train_args="-seed $SEED -epochs $EPOCHS -out /tmp/deepnb-train"
inside "$IMAGE" "GOMLX_BACKEND=compute go run ./cmd/train $train_args" >"$OUT/train-image.log" 2>&1 ||
  die "cmd/train failed in the image (log: $OUT/train-image.log)"
GOMLX_BACKEND=compute go run ./cmd/train -seed "$SEED" -epochs "$EPOCHS" -out "$OUT/train-host" >"$OUT/train-host.log" 2>&1 ||
  die "cmd/train failed on the host (log: $OUT/train-host.log)"
acc_image="$(sed -n 's/^test accuracy \([0-9.]*\),.*/\1/p' "$OUT/train-image.log")"
acc_host="$(sed -n 's/^test accuracy \([0-9.]*\),.*/\1/p' "$OUT/train-host.log")"
[[ -n "$acc_image" && -n "$acc_host" ]] || die "no 'test accuracy' line from cmd/train (logs: $OUT/train-{image,host}.log)"
[[ "$acc_image" == "$acc_host" ]] || die "seed CNN (seed $SEED, $EPOCHS epoch(s), compute): test accuracy $acc_image in the image, $acc_host on the host"
info "3. seed CNN, seed $SEED, $EPOCHS epoch(s), compute backend: test accuracy $acc_image in the image = $acc_host on the host ($(($(date +%s) - t))s)"

t=$(date +%s)
mnt="$OUT/notebooks"
cp -r notebooks "$mnt"
rm -rf "$mnt/src"
# The image's user (uid 1000 unless built otherwise) writes here.
chown -R "$(inside "$IMAGE" 'id -u'):$(inside "$IMAGE" 'id -g')" "$mnt" 2>/dev/null || chmod -R a+rwX "$mnt"
token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
"$ENGINE" run -d --name "$LAB" "${RUN_OPTS[@]}" -e JUPYTER_TOKEN="$token" -p "127.0.0.1:$PORT:8888" \
  -v "$mnt:/home/deepnb/deepnb/notebooks" "$IMAGE" >/dev/null || die "cannot start the lab container"
for _ in $(seq 120); do
  if "$ENGINE" exec "$LAB" bash docker/image.sh health >/dev/null 2>&1 &&
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api"; then
    break
  fi
  sleep 1
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api" || {
  "$ENGINE" logs "$LAB" 2>&1 | tail -20 >&2
  die "the lab server in the container does not answer on 127.0.0.1:$PORT"
}
/usr/bin/python3 scripts/jupyter_exec.py "http://127.0.0.1:$PORT" "$token" gonb $'%%\nfmt.Println("answer:", 6*7)' "answer: 42" ||
  { "$ENGINE" logs "$LAB" 2>&1 | tail -20 >&2; die "a cell did not run over the REST/websocket API"; }
"$ENGINE" rm -f "$LAB" >/dev/null
grep -qF '6*7' "$mnt/edited_in_container.ipynb" 2>/dev/null ||
  die "the notebook saved in the container is not in the mounted folder on the host after the container was removed"
info "4. lab server: a cell ran over the websocket through 127.0.0.1:$PORT; the saved notebook persists on the host ($(($(date +%s) - t))s)"

# 5. The checks must reject a broken image: the same kernel check on the image without its kernel spec.
printf 'FROM %s\nRUN rm -rf /home/deepnb/deepnb/.tools/jupyter/kernels/gonb\n' "$IMAGE" |
  "$ENGINE" build -q $([[ "$ENGINE" == podman ]] && echo --format docker) -t "$BROKEN" -f - "$OUT" >/dev/null ||
  die "cannot build the broken image"
if check_kernel "$BROKEN" 2>"$OUT/broken.log"; then
  die "the kernel check passed on an image without the gonb kernel spec"
fi
info "5. a broken image is rejected: $(tail -1 "$OUT/broken.log")"

info "PASS in $(($(date +%s) - t0))s (cold build ${build_s}s, image $size)"
