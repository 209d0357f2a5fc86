#!/usr/bin/env bash
# docker/image.sh — every step DeepNB's Docker images run (docker/Dockerfile and
# docker/Dockerfile.cuda call nothing else, apart from scripts/setup.sh). CI runs each
# step the Dockerfiles use with --dry-run, and the health check for real, from
# docker/docker_test.go (go test ./docker/), so a step cannot drift from what is tested.
#
# Usage: docker/image.sh STEP [ARGS] [--dry-run]
#   system            (root) the distribution's packages the image needs, and the
#                     non-root user $DEEPNB_USER (uid $DEEPNB_UID)
#   jupyter           (root) the notebook front end $DEEPNB_FRONTEND: lab (default): a Python
#                     venv at $DEEPNB_VENV with JupyterLab and nbconvert pinned in
#                     docker/requirements.txt, `pip freeze` kept beside it; notebook: Debian's
#                     classic Notebook and nbconvert (no PyPI needed)
#   pjrt cpu|cuda|none  (root) XLA's PJRT plugin into $DEEPNB_PJRT_LIB/go-xla, at the
#                     version pinned in docker/pjrtinstall (go-xla's own installer); none: no
#                     plugin (the image runs the pure-Go backend)
#   warm [--backend B]  (user) builds every package and trains one tiny epoch
#                     (cmd/train -epochs 1 -train-limit 512): a warm Go build cache,
#                     and proof that backend B (default $GOMLX_BACKEND) works here
#   lab               JupyterLab (or the classic Notebook) on 0.0.0.0:$DEEPNB_PORT, notebooks/ its root
#   health            exits 0 when the Jupyter server on 127.0.0.1:$DEEPNB_PORT answers
#   --dry-run         print the commands instead of running them (anywhere, any user)
#
# Environment (defaults in brackets): DEEPNB_USER [deepnb], DEEPNB_UID [1000],
# DEEPNB_REPO [/home/$DEEPNB_USER/deepnb: where the image keeps the repository],
# DEEPNB_VENV [/opt/deepnb/jupyter], DEEPNB_PJRT_LIB [/usr/local/lib], DEEPNB_PORT [8888],
# DEEPNB_FRONTEND [lab] (lab or notebook).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
DEEPNB_USER="${DEEPNB_USER:-deepnb}"
DEEPNB_UID="${DEEPNB_UID:-1000}"
DEEPNB_REPO="${DEEPNB_REPO:-/home/$DEEPNB_USER/deepnb}"
DEEPNB_VENV="${DEEPNB_VENV:-/opt/deepnb/jupyter}"
DEEPNB_PJRT_LIB="${DEEPNB_PJRT_LIB:-/usr/local/lib}"
DEEPNB_PORT="${DEEPNB_PORT:-8888}"
DEEPNB_FRONTEND="${DEEPNB_FRONTEND:-lab}"

# The distribution's packages. Not version-pinned, on purpose: Debian and Ubuntu keep only
# the current version of each package in a release's archive, so "pkg=1.2-3" breaks the
# build at the next security update. The base image's tag pins the release (bookworm,
# noble), and with it every package's major version; what matters for results (Go,
# JupyterLab, nbconvert, GoNB, the PJRT plugin) is pinned exactly elsewhere.
readonly APT_PACKAGES=(
  ca-certificates make gcc libc6-dev # cgo (go-xla) and `make reproduce`
  python3 python3-venv               # the venv JupyterLab is pip-installed into
  tini procps                        # PID 1 that reaps kernels; pgrep for the harness's tests
  dataset-fashion-mnist              # Fashion-MNIST for the notebooks, offline
  wamerican                          # the word list of the character-level language model
  graphviz                           # `dot`, which draws the autodiff notebook's graphs
)

DRY_RUN=0
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
      exit 0
      ;;
    *) ARGS+=("$arg") ;;
  esac
done
set -- "${ARGS[@]+"${ARGS[@]}"}"

die() {
  echo "image.sh: ERROR: $*" >&2
  exit 1
}
info() { echo "image.sh: $*"; }

# run CMD...: runs CMD, or prints it (shell-quoted, one line) with --dry-run.
run() {
  if [[ "$DRY_RUN" == 1 ]]; then
    local quoted
    printf -v quoted '%q ' "$@"
    echo "+ ${quoted% }"
  else
    "$@"
  fi
}

# run_exec CMD...: like run, but CMD replaces this shell (signals from tini reach it directly).
run_exec() {
  if [[ "$DRY_RUN" == 1 ]]; then
    run "$@"
  else
    exec "$@"
  fi
}

need_root() {
  [[ "$DRY_RUN" == 1 || "$(id -u)" == 0 ]] || die "step '$1' must run as root (it writes outside the user's home)"
}

need_user() {
  [[ "$DRY_RUN" == 1 || "$(id -u)" != 0 ]] || die "step '$1' must run as the non-root user: its build cache and tools belong to that user"
}

step_system() {
  need_root system
  if ! [[ "$DEEPNB_UID" =~ ^[0-9]+$ ]] || ((DEEPNB_UID < 1000)); then
    die "DEEPNB_UID='$DEEPNB_UID': want a regular user's uid (1000 or more)"
  fi
  run env DEBIAN_FRONTEND=noninteractive apt-get update -q
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
  run apt-get clean
  run rm -rf /var/lib/apt/lists
  # Ubuntu 24.04 images ship a user "ubuntu" with uid 1000: make room for ours.
  local existing=""
  if [[ "$DRY_RUN" == 0 ]]; then
    existing="$(getent passwd "$DEEPNB_UID" | cut -d: -f1 || true)"
  fi
  case "$existing" in
    "" | "$DEEPNB_USER") ;;
    ubuntu) run userdel --remove ubuntu ;;
    *) die "uid $DEEPNB_UID belongs to '$existing' already" ;;
  esac
  if [[ "$DRY_RUN" == 1 ]] || ! id "$DEEPNB_USER" >/dev/null 2>&1; then
    run useradd --create-home --uid "$DEEPNB_UID" --user-group --shell /bin/bash "$DEEPNB_USER"
  fi
  # The repository's place, owned by the user (setup.sh writes .tools/ and build/ there).
  run install -d -o "$DEEPNB_USER" -g "$DEEPNB_USER" "$DEEPNB_REPO"
}

# Debian's classic Notebook and what the harness runs notebooks with (as scripts/setup.sh
# installs on a host).
readonly APT_NOTEBOOK=(jupyter-notebook jupyter-nbconvert jupyter-client python3-ipykernel)

step_jupyter() {
  need_root jupyter
  case "$DEEPNB_FRONTEND" in
    lab) ;;
    notebook)
      run env DEBIAN_FRONTEND=noninteractive apt-get update -q
      run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${APT_NOTEBOOK[@]}"
      run apt-get clean
      run rm -rf /var/lib/apt/lists
      return 0
      ;;
    *) die "DEEPNB_FRONTEND='$DEEPNB_FRONTEND': want lab or notebook" ;;
  esac
  local req="$ROOT/docker/requirements.txt"
  [[ -f "$req" ]] || die "$req is missing"
  run python3 -m venv "$DEEPNB_VENV"
  run "$DEEPNB_VENV/bin/pip" install --no-cache-dir --disable-pip-version-check --requirement "$req"
  # The exact versions pip resolved (the pinned packages' own dependencies are not pinned):
  # a record of what this image holds.
  if [[ "$DRY_RUN" == 1 ]]; then
    echo "+ $DEEPNB_VENV/bin/pip freeze > $DEEPNB_VENV/deepnb-pip-freeze.txt"
  else
    "$DEEPNB_VENV/bin/pip" freeze --disable-pip-version-check >"$DEEPNB_VENV/deepnb-pip-freeze.txt"
    # Fail the build if pip installed something other than the pins.
    local line name want got
    while IFS= read -r line; do
      line="${line%%#*}"
      line="${line//[[:space:]]/}"
      [[ -n "$line" ]] || continue
      name="${line%%==*}"
      want="${line#*==}"
      got="$("$DEEPNB_VENV/bin/pip" show --disable-pip-version-check "$name" 2>/dev/null | sed -n 's/^Version: //p')"
      [[ "$got" == "$want" ]] || die "$name: pip installed '${got:-nothing}', docker/requirements.txt pins $want"
    done <"$req"
    info "JupyterLab $("$DEEPNB_VENV/bin/jupyter-lab" --version) in $DEEPNB_VENV"
  fi
}

step_pjrt() {
  local plugin="${1:-}"
  [[ "$plugin" == cpu || "$plugin" == cuda || "$plugin" == none ]] || die "usage: image.sh pjrt cpu|cuda|none"
  if [[ "$plugin" == none ]]; then
    info "no PJRT plugin: the image runs the pure-Go backend"
    return 0
  fi
  need_root "pjrt $plugin"
  # Root's Go caches are throw-away: the user builds with its own.
  local tmp=/tmp/deepnb-pjrt-go
  run env GOPATH="$tmp/path" GOCACHE="$tmp/cache" GOFLAGS=-modcacherw \
    go -C "$ROOT" run ./docker/pjrtinstall -plugin "$plugin" -path "$DEEPNB_PJRT_LIB"
  run rm -rf "$tmp"
  if [[ "$plugin" == cuda ]]; then
    # go-xla's installer links libcublas*.so.13 into $DEEPNB_PJRT_LIB for the plugin to find:
    # refresh the loader's cache so that it does.
    run ldconfig
  fi
}

step_warm() {
  need_user warm
  local backend="${GOMLX_BACKEND:-go}"
  if [[ "${1:-}" == --backend ]]; then
    [[ -n "${2:-}" ]] || die "usage: image.sh warm [--backend CONFIG]"
    backend="$2"
  elif [[ -n "${1:-}" ]]; then
    die "usage: image.sh warm [--backend CONFIG]"
  fi
  local out="${TMPDIR:-/tmp}/deepnb-warm"
  run go -C "$ROOT" build ./...
  run env GOMLX_BACKEND="$backend" go -C "$ROOT" run ./cmd/train -epochs 1 -train-limit 512 -out "$out"
  run rm -rf "$out"
}

step_lab() {
  # Quick when nothing changed (about a second); rebuilds GoNB if a mount hid .tools.
  run bash "$ROOT/scripts/setup.sh" --skip-apt --quiet
  case "$DEEPNB_FRONTEND" in
    lab)
      run_exec env JUPYTER_DATA_DIR="$ROOT/.tools/jupyter" jupyter lab --no-browser --ip=0.0.0.0 \
        --port="$DEEPNB_PORT" --ServerApp.port_retries=0 --ServerApp.root_dir="$ROOT/notebooks"
      ;;
    notebook)
      run_exec env JUPYTER_DATA_DIR="$ROOT/.tools/jupyter" jupyter notebook --no-browser --ip=0.0.0.0 \
        --port="$DEEPNB_PORT" --NotebookApp.port_retries=0 --notebook-dir="$ROOT/notebooks"
      ;;
    *) die "DEEPNB_FRONTEND='$DEEPNB_FRONTEND': want lab or notebook" ;;
  esac
}

step_health() {
  # GET /api answers without the login token.
  local url="http://127.0.0.1:$DEEPNB_PORT/api"
  run python3 -c '
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception as e:
    print("health: %s: %s" % (sys.argv[1], e), file=sys.stderr)
    sys.exit(1)
' "$url"
}

(($# >= 1)) || die "no step given (try --help)"
step="$1"
shift
case "$step" in
  system | jupyter | lab | health)
    (($# == 0)) || die "step '$step' takes no arguments"
    "step_$step"
    ;;
  pjrt | warm) "step_$step" "$@" ;;
  *) die "unknown step '$step' (try --help)" ;;
esac
