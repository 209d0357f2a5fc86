#!/usr/bin/env bash
# scripts/container.sh — the container engine and DeepNB's CPU image (make image, make test-image).
#
# Usage: scripts/container.sh STEP
#   engine   prints the engine that works here: `docker` when its daemon answers, else `podman`
#            (rootful Podman gets the settings below first); fails with one clear line if neither
#   base     makes a local stand-in for the Go base image without any registry: a Debian minbase
#            made by mmdebstrap from this machine's own apt sources, with the Go toolchain that
#            go.mod names at /usr/local/go, imported as $DEEPNB_BASE_IMAGE
#   build    builds docker/Dockerfile as $DEEPNB_IMAGE_NAME:VERSION and :VERSION-$DEEPNB_VARIANT
#
# Environment (defaults in brackets):
#   DEEPNB_VARIANT [online]  online: JupyterLab from PyPI and XLA's CPU plugin, on the public
#                            golang image (what users build); offline: Debian's classic Notebook,
#                            the pure-Go backend, on the local base from `base` (what a machine with
#                            only apt and the Go module proxy can build)
#   DEEPNB_BASE_IMAGE        the base image (offline default: localhost/deepnb-base:bookworm-go1.27.3)
#   DEEPNB_IMAGE_NAME [deepnb]  the image's name; DEEPNB_NO_CACHE=1 builds without the layer cache
#   DEEPNB_ENGINE            docker or podman, to skip detection
#   CONTAINERS_CONF          Podman's settings file [$DEEPNB_TOOLS_DIR/containers.conf]
#
# Podman 4.3 on a Debian 12 machine runs rootful containers only with runc (crun fails with
# "cgroups in hybrid mode not supported"), the cgroupfs manager, and ulimits under the machine's
# hard open-files limit: `engine` writes those to $CONTAINERS_CONF only when that file does not
# exist, so a user's own settings are never overwritten. Builds use --format docker (the OCI
# format drops SHELL and HEALTHCHECK) and --pull=never for local bases.
#
# Go modules: with Podman the build mounts this machine's module cache read-only and uses it as
# its GOPROXY (file://), so nothing is downloaded twice; with Docker the build uses the proxy.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
TOOLS_DIR="${DEEPNB_TOOLS_DIR:-$ROOT/.tools}"
VARIANT="${DEEPNB_VARIANT:-online}"
GO_VERSION="$(sed -n 's/^toolchain go//p' "$ROOT/go.mod")"
[[ -n "$GO_VERSION" ]] || GO_VERSION="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$ROOT/go.mod")"
readonly GO_VERSION
LOCAL_BASE="${DEEPNB_BASE_IMAGE:-localhost/deepnb-base:bookworm-go$GO_VERSION}"
NAME="${DEEPNB_IMAGE_NAME:-deepnb}"
VERSION="$(tr -d '[:space:]' <"$ROOT/VERSION")"
VERSION="${VERSION#v}"
readonly LOCAL_BASE NAME VERSION

die() {
  echo "container.sh: ERROR: $*" >&2
  exit 1
}
info() { echo "container.sh: $*" >&2; }

# podman_settings: writes $CONTAINERS_CONF unless it exists, and exports it.
podman_settings() {
  export CONTAINERS_CONF="${CONTAINERS_CONF:-$TOOLS_DIR/containers.conf}"
  [[ -e "$CONTAINERS_CONF" ]] && return 0
  local nofile
  nofile="$(ulimit -Hn)"
  [[ "$nofile" == unlimited ]] && nofile=1048576
  mkdir -p "$(dirname "$CONTAINERS_CONF")"
  local tmp="$CONTAINERS_CONF.tmp.$$"
  cat >"$tmp" <<EOF
# Written by DeepNB's scripts/container.sh (rootful Podman on Debian 12); edit freely, it is
# never overwritten.
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]
EOF
  mv "$tmp" "$CONTAINERS_CONF"
  info "wrote Podman settings to $CONTAINERS_CONF"
}

engine() {
  if [[ -n "${DEEPNB_ENGINE:-}" ]]; then
    [[ "$DEEPNB_ENGINE" == podman ]] && podman_settings
    echo "$DEEPNB_ENGINE"
    return 0
  fi
  if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
    echo docker
    return 0
  fi
  if command -v podman >/dev/null 2>&1; then
    podman_settings
    local err
    if err="$(timeout 60 podman info 2>&1 >/dev/null)"; then
      echo podman
      return 0
    fi
    die "podman does not work here: ${err##*$'\n'} (settings: $CONTAINERS_CONF)"
  fi
  die "no container engine: docker's daemon does not answer and podman is not installed (apt-get install podman runc)"
}

# apt_uri: the Debian mirror this machine's apt uses (deb822 or one-line format).
apt_uri() {
  local uri
  uri="$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
  [[ -n "$uri" ]] || uri="$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -1)"
  [[ -n "$uri" ]] || die "cannot find a Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "$uri"
}

base() {
  local eng
  eng="$(engine)"
  command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed (apt-get install mmdebstrap)"
  local goroot
  goroot="$(GOTOOLCHAIN="go$GO_VERSION" go env GOROOT)" || die "cannot get Go $GO_VERSION (GOTOOLCHAIN=go$GO_VERSION go env GOROOT)"
  [[ -x "$goroot/bin/go" ]] || die "Go $GO_VERSION has no bin/go under $goroot"
  local out="$ROOT/build/image"
  mkdir -p "$out"
  local tar="$out/deepnb-base.tar"
  # What the public golang:*-bookworm image brings that DeepNB's build uses.
  local include=ca-certificates,gcc,libc6-dev,make,git,procps,curl
  info "making $LOCAL_BASE: Debian bookworm minbase from $(apt_uri), Go $GO_VERSION from $goroot"
  rm -f "$tar"
  mmdebstrap --quiet --variant=minbase --include="$include" \
    --customize-hook="mkdir -p \"\$1/usr/local\" && cp -a '$goroot' \"\$1/usr/local/go\" && chmod -R u+w \"\$1/usr/local/go\"" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    bookworm "$tar" "$(apt_uri)" >&2 || die "mmdebstrap failed making $tar"
  "$eng" import \
    --change 'ENV PATH=/usr/local/go/bin:/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV GOPATH=/go' --change "ENV GOLANG_VERSION=$GO_VERSION" --change 'CMD ["bash"]' \
    "$tar" "$LOCAL_BASE" >/dev/null || die "$eng import $tar failed"
  rm -f "$tar"
  info "$LOCAL_BASE: $("$eng" image inspect --format '{{.Size}}' "$LOCAL_BASE" | awk '{printf "%.0f MB", $1/1e6}')"
}

build() {
  local eng
  eng="$(engine)"
  local args=(-f docker/Dockerfile -t "$NAME:$VERSION" -t "$NAME:$VERSION-$VARIANT")
  [[ "${DEEPNB_NO_CACHE:-0}" == 1 ]] && args+=(--no-cache)
  case "$VARIANT" in
    online) [[ -n "${DEEPNB_BASE_IMAGE:-}" ]] && args+=(--build-arg "BASE_IMAGE=$DEEPNB_BASE_IMAGE") ;;
    offline)
      local b="$LOCAL_BASE"
      "$eng" image inspect "$b" >/dev/null 2>&1 || die "base image $b is missing: run scripts/container.sh base first (make image does)"
      args+=(--build-arg "BASE_IMAGE=$b" --build-arg FRONTEND=notebook --build-arg XLA_PLUGIN=none --build-arg BACKEND=compute)
      ;;
    *) die "DEEPNB_VARIANT='$VARIANT': want online or offline" ;;
  esac
  if [[ "$eng" == podman ]]; then
    args+=(--format docker)
    [[ "$VARIANT" == offline ]] && args+=(--pull=never)
    local modcache
    modcache="$(go env GOMODCACHE)/cache/download"
    if [[ -d "$modcache" ]]; then
      args+=(-v "$modcache:/opt/deepnb/goproxy:ro" --build-arg GOPROXY=file:///opt/deepnb/goproxy)
    fi
  fi
  info "$eng build ${args[*]} ."
  (cd "$ROOT" && "$eng" build "${args[@]}" .) || die "$eng build of docker/Dockerfile ($VARIANT) failed"
  info "built $NAME:$VERSION-$VARIANT: $("$eng" image inspect --format '{{.Size}}' "$NAME:$VERSION-$VARIANT" | awk '{printf "%.0f MB", $1/1e6}')"
}

(($# == 1)) || die "usage: scripts/container.sh engine|base|build"
case "$1" in
  engine | base | build) "$1" ;;
  *) die "unknown step '$1' (engine, base, build)" ;;
esac
