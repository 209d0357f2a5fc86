#!/usr/bin/env bash
# setup.sh — the one idempotent set-up step for DeepNB, used by `make`, .ci/run and
# the Docker image. A second run with everything in place takes about a second.
#
# What it does, in order (each step is skipped when already done):
#   1. checks that Go >= 1.27 is on PATH (GOTOOLCHAIN=go1.27.3, exported below, makes any
#      Go >= 1.21 fetch go.mod's Go 1.27.3 from the module proxy);
#   2. installs missing Debian packages (Jupyter for headless runs, the classic
#      notebook UI, Fashion-MNIST, and the C toolchain cgo needs);
#   3. builds GoNB and goimports from tools/ (pinned there) into .tools/bin, and
#      gopls from tools/gopls/ (GoNB's autocomplete and Shift-Tab documentation);
#   4. writes two GoNB kernel specs into private Jupyter data dirs, so the user's
#      own Jupyter set-up is never touched:
#        .tools/jupyter           interactive (`make lab`): HTML errors;
#        .tools/jupyter-headless  tests (tests/ harness): plain-text errors (--raw_error);
#   5. downloads the project's Go modules (`go mod download`);
#   6. installs tests/browser's pinned playwright-core (npm ci from its package-lock.json;
#      it never downloads a browser: the browser test runs Debian's chromium).
#
# Usage: scripts/setup.sh [--headless] [--skip-apt] [--quiet]
#   --headless   do not require the interactive notebook UI package (CI, tests).
#   --skip-apt   do not check or install Debian packages (images that bring their
#                own Python/Jupyter). Same as SKIP_APT=1.
#   --quiet      print only the final summary line (and errors).
# Environment: DEEPNB_TOOLS_DIR (default: <repo>/.tools), SKIP_APT, DEEPNB_HEADLESS.
set -euo pipefail

readonly MIN_GO_MAJOR=1 MIN_GO_MINOR=27
# go.mod names Go 1.27.3; a machine's own Go (1.26 here) defaults to GOTOOLCHAIN=local and would
# refuse the module. GOEXPERIMENT=simd: compute's SIMD kernels (gomlx_ext/computebackend).
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
export GOEXPERIMENT="${GOEXPERIMENT-simd}"
# Needed by `make test` and headless notebook runs (chromium: the browser test; graphviz:
# the `dot` program that draws the autodiff notebook's computation graphs).
readonly APT_HEADLESS=(make gcc libc6-dev ca-certificates jupyter-nbconvert jupyter-client python3-ipykernel dataset-fashion-mnist wamerican chromium graphviz)
# Needed only by `make lab`.
readonly APT_UI=(jupyter-notebook)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
TOOLS_DIR="${DEEPNB_TOOLS_DIR:-$ROOT/.tools}"
SKIP_APT="${SKIP_APT:-0}"
HEADLESS="${DEEPNB_HEADLESS:-0}"
QUIET=0

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }

for arg in "$@"; do
  case "$arg" in
    --headless) HEADLESS=1 ;;
    --skip-apt) SKIP_APT=1 ;;
    --quiet) QUIET=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "setup: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

info() { if [[ "$QUIET" == 0 ]]; then echo "setup: $*"; fi; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
START_MS="$(now_ms)"
readonly START_MS

mkdir -p "$TOOLS_DIR/bin" "$TOOLS_DIR/logs/gonb"
TOOLS_DIR="$(cd "$TOOLS_DIR" && pwd)"
readonly TOOLS_DIR BIN_DIR="$TOOLS_DIR/bin" LOG_DIR="$TOOLS_DIR/logs"

# Serialize concurrent runs (e.g. `make -j lab test`): they would race on .tools.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS_DIR/setup.lock"
  flock 9
fi

# ---------------------------------------------------------------- 1. Go version
check_go() {
  command -v go >/dev/null 2>&1 ||
    die "Go not found on PATH. Install Go ${MIN_GO_MAJOR}.${MIN_GO_MINOR} or newer and add its bin/ to PATH."
  # Run inside the repo so a GOTOOLCHAIN switch (if the user allows one) is honoured.
  GO_VERSION="$(cd "$ROOT" && go env GOVERSION)" || die "'go env GOVERSION' failed"
  local v="${GO_VERSION#go}" major minor
  major="${v%%.*}"
  minor="${v#*.}"
  minor="${minor%%[!0-9]*}"
  if ! [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]]; then
    die "cannot parse Go version '$GO_VERSION'; need go${MIN_GO_MAJOR}.${MIN_GO_MINOR} or newer"
  fi
  if ((major < MIN_GO_MAJOR || (major == MIN_GO_MAJOR && minor < MIN_GO_MINOR))); then
    die "found $GO_VERSION at $(command -v go); DeepNB needs go${MIN_GO_MAJOR}.${MIN_GO_MINOR} or newer"
  fi
  GO_BIN_DIR="$(cd "$ROOT" && go env GOROOT)/bin"
}

# ------------------------------------------------------------- 2. apt packages
APT_SUMMARY="skipped"
apt_packages() {
  if [[ "$SKIP_APT" == 1 ]]; then
    command -v jupyter >/dev/null 2>&1 ||
      echo "setup: warning: SKIP_APT=1 and no 'jupyter' on PATH: notebooks cannot run until it is installed" >&2
    return
  fi
  local wanted=("${APT_HEADLESS[@]}")
  if [[ "$HEADLESS" != 1 ]]; then wanted+=("${APT_UI[@]}"); fi
  # npm for the browser test's playwright-core (any Node.js that brings npm will do;
  # Debian's npm package otherwise).
  if ! command -v npm >/dev/null 2>&1; then wanted+=(npm); fi
  command -v dpkg-query >/dev/null 2>&1 ||
    die "not a Debian-based system (no dpkg-query). Install the equivalents of: ${wanted[*]}; then rerun with SKIP_APT=1."

  local missing=() p
  for p in "${wanted[@]}"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)" != ii* ]]; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    APT_SUMMARY="${#wanted[@]} packages present"
    return
  fi

  local cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ "$(id -u)" != 0 ]]; then
    {
      echo "setup: missing Debian packages: ${missing[*]}"
      echo "setup: install them as root, then rerun this script:"
      echo "    sudo sh -c '$cmd'"
    } >&2
    exit 1
  fi

  info "installing Debian packages: ${missing[*]} (log: $LOG_DIR/apt.log)"
  local log="$LOG_DIR/apt.log"
  # apt-get install either configures the whole set or reports failure; we stop at
  # the first failure so later steps never run on a half-installed system.
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "apt-get failed (full log: $log). Fix the cause above and rerun; the command was: $cmd"
  fi
  for p in "${missing[@]}"; do
    [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)" == ii* ]] ||
      die "apt-get reported success but '$p' is not installed (log: $log)"
  done
  APT_SUMMARY="installed ${missing[*]}"
}

# ------------------------------------------------------ 3. GoNB and goimports
# pinned_version MODULE prints the version tools/go.mod pins for MODULE.
pinned_version() {
  local v
  v="$(cd "$ROOT/tools" && go list -m -f '{{.Version}}' "$1")" || die "cannot read the version of $1 from tools/go.mod"
  printf '%s' "$v"
}

# has_version BINARY MODULE VERSION: whether BINARY was built from MODULE@VERSION.
has_version() {
  [[ -x "$1" ]] || return 1
  go version -m "$1" 2>/dev/null | grep -Eq "^[[:space:]]+(mod|dep)[[:space:]]+$2[[:space:]]+$3([[:space:]]|\$)"
}

TOOLS_SUMMARY=""
build_tools() {
  local gonb_v imports_v
  gonb_v="$(pinned_version github.com/janpfeifer/gonb)"
  imports_v="$(pinned_version golang.org/x/tools)"
  if has_version "$BIN_DIR/gonb" github.com/janpfeifer/gonb "$gonb_v" &&
    has_version "$BIN_DIR/goimports" golang.org/x/tools "$imports_v"; then
    TOOLS_SUMMARY="gonb $gonb_v + goimports $imports_v (up to date)"
    return
  fi
  info "building gonb $gonb_v and goimports $imports_v from tools/ (about a minute the first time)"
  # Build into a scratch dir and move into place, so an interrupted build never
  # leaves a half-written binary that a later run would take as installed.
  local tmp
  tmp="$(mktemp -d "$TOOLS_DIR/bin.tmp.XXXXXX")"
  if ! (cd "$ROOT/tools" && GOBIN="$tmp" go install tool) >"$LOG_DIR/tools-build.log" 2>&1; then
    cat "$LOG_DIR/tools-build.log" >&2
    rm -rf "$tmp"
    die "building the tools module failed (log: $LOG_DIR/tools-build.log)"
  fi
  mv -f "$tmp/gonb" "$tmp/goimports" "$BIN_DIR/"
  rm -rf "$tmp"
  has_version "$BIN_DIR/gonb" github.com/janpfeifer/gonb "$gonb_v" ||
    die "$BIN_DIR/gonb does not report gonb $gonb_v after the build"
  TOOLS_SUMMARY="built gonb $gonb_v + goimports $imports_v"
}

# gopls has a module of its own (tools/gopls): it needs the x/tools version its release
# was cut with, older than the one goimports is pinned to in tools/go.mod, and sharing
# one module would build gopls against a newer x/tools it was never released with.
build_gopls() {
  local v
  v="$(cd "$ROOT/tools/gopls" && go list -m -f '{{.Version}}' golang.org/x/tools/gopls)" ||
    die "cannot read the version of gopls from tools/gopls/go.mod"
  if has_version "$BIN_DIR/gopls" golang.org/x/tools/gopls "$v"; then
    TOOLS_SUMMARY+=" + gopls $v"
    return
  fi
  info "building gopls $v from tools/gopls (about two minutes the first time)"
  local tmp
  tmp="$(mktemp -d "$TOOLS_DIR/bin.tmp.XXXXXX")"
  if ! (cd "$ROOT/tools/gopls" && GOBIN="$tmp" go install tool) >"$LOG_DIR/gopls-build.log" 2>&1; then
    cat "$LOG_DIR/gopls-build.log" >&2
    rm -rf "$tmp"
    die "building gopls from tools/gopls failed (log: $LOG_DIR/gopls-build.log)"
  fi
  mv -f "$tmp/gopls" "$BIN_DIR/"
  rm -rf "$tmp"
  has_version "$BIN_DIR/gopls" golang.org/x/tools/gopls "$v" ||
    die "$BIN_DIR/gopls does not report gopls $v after the build"
  TOOLS_SUMMARY+=" + built gopls $v"
}

# ------------------------------------------------------------ 4. kernel specs
# json_string S prints S as a JSON string literal.
json_string() {
  local s="$1"
  [[ "$s" != *[$'\n\r\t']* ]] || die "path with a newline or tab cannot go into kernel.json: '$s'"
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}

# kernel_json MODE prints the kernel.json we want for MODE (headless|interactive).
# We write it ourselves (after `gonb --install` put the logo in place) to add "env":
# GoNB execs `go` and `goimports` from PATH at run time, so the spec puts our bin
# dir and Go's first whatever PATH the launching Jupyter has (jupyter_client >= 7
# expands ${PATH}).
kernel_json() {
  local args=(--kernel '{connection_file}' --logtostderr=false "--log_dir=$LOG_DIR/gonb")
  if [[ "$1" == headless ]]; then
    # Plain-text errors the harness can read; kernel logs only on fatal errors.
    args+=(--raw_error --stderrthreshold=FATAL)
  else
    args+=(--stderrthreshold=ERROR)
  fi
  local a
  printf '{\n  "argv": [%s' "$(json_string "$BIN_DIR/gonb")"
  for a in "${args[@]}"; do printf ', %s' "$(json_string "$a")"; done
  printf '],\n  "display_name": "Go (gonb)",\n  "language": "go",\n  "interrupt_mode": "message",\n'
  # Cells build with the Go and the experiment make's builds use (see the Makefile): Go 1.27.3
  # and compute's SIMD kernels.
  printf '  "env": {"PATH": %s, "GOTOOLCHAIN": %s, "GOEXPERIMENT": %s},\n' "$(json_string "$BIN_DIR:$GO_BIN_DIR:\${PATH}")" \
    "$(json_string "$GOTOOLCHAIN")" "$(json_string "$GOEXPERIMENT")"
  printf '  "metadata": {"deepnb_mode": "%s"}\n}\n' "$1"
}

install_kernel() {
  local mode="$1" data_dir="$2" kdir want
  kdir="$data_dir/kernels/gonb"
  want="$(kernel_json "$mode")"
  if [[ -f "$kdir/kernel.json" && -f "$kdir/logo-svg.svg" && "$(cat "$kdir/kernel.json")" == "$want" ]]; then
    return
  fi
  mkdir -p "$kdir"
  if ! JUPYTER_DATA_DIR="$data_dir" "$BIN_DIR/gonb" --install --force_deps --logtostderr=false \
    "--log_dir=$LOG_DIR/gonb" >"$LOG_DIR/gonb-install-$mode.log" 2>&1; then
    cat "$LOG_DIR/gonb-install-$mode.log" >&2
    die "gonb --install failed for $data_dir"
  fi
  local tmp
  tmp="$(mktemp "$kdir/kernel.json.XXXXXX")"
  printf '%s\n' "$want" >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$kdir/kernel.json"
  info "installed $mode GoNB kernel spec in $kdir"
}

# ------------------------------------------------------------- 5. Go modules
download_modules() {
  (cd "$ROOT" && go mod download) >"$LOG_DIR/go-mod-download.log" 2>&1 || {
    cat "$LOG_DIR/go-mod-download.log" >&2
    die "'go mod download' failed (log: $LOG_DIR/go-mod-download.log)"
  }
}

# ------------------------------------------------ 6. browser test (playwright-core)
BROWSER_SUMMARY="playwright-core: skipped"
install_browser_driver() {
  local dir="$ROOT/tests/browser" want have
  [[ -f "$dir/package-lock.json" ]] || return 0
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    # Images that bring their own packages (SKIP_APT=1, e.g. the Docker images) may lack Node.js:
    # everything but the browser test works without it.
    [[ "$SKIP_APT" == 1 ]] || die "node and npm are needed for the browser test (apt-get install npm), then rerun"
    echo "setup: warning: no node/npm: the browser test (tests/browser_test.go) cannot run here" >&2
    BROWSER_SUMMARY="playwright-core: not installed (no npm)"
    return
  fi
  want="$(node -p "require('$dir/package.json').dependencies['playwright-core']")" ||
    die "cannot read the playwright-core version from $dir/package.json"
  have="$(node -p "require('$dir/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
  if [[ "$have" == "$want" ]]; then
    BROWSER_SUMMARY="playwright-core $want"
    return
  fi
  info "installing playwright-core $want into tests/browser/node_modules (npm ci; no browser download)"
  if ! (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts) >"$LOG_DIR/npm-ci.log" 2>&1; then
    cat "$LOG_DIR/npm-ci.log" >&2
    die "npm ci in tests/browser failed (log: $LOG_DIR/npm-ci.log)"
  fi
  BROWSER_SUMMARY="installed playwright-core $want"
}

check_go
apt_packages
build_tools
build_gopls
install_kernel interactive "$TOOLS_DIR/jupyter"
install_kernel headless "$TOOLS_DIR/jupyter-headless"
download_modules
install_browser_driver

elapsed_ms=$(($(now_ms) - START_MS))
printf 'setup: OK in %d.%01ds: %s; apt: %s; %s in %s; kernels: %s/jupyter{,-headless}; go modules downloaded; %s\n' \
  $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)) "$GO_VERSION" "$APT_SUMMARY" "$TOOLS_SUMMARY" \
  "${BIN_DIR#"$ROOT"/}" "${TOOLS_DIR#"$ROOT"/}" "$BROWSER_SUMMARY"
