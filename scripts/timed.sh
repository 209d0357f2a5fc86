#!/usr/bin/env bash
# timed.sh NAME COMMAND [ARGS...] — runs COMMAND and prints how long the phase
# NAME took and whether it passed; exits with COMMAND's status. Used by `make test`
# and .ci/run so every phase of a run reports its time.
set -euo pipefail
if (($# < 2)); then
  echo "usage: timed.sh NAME COMMAND [ARGS...]" >&2
  exit 2
fi
name="$1"
shift
start="$(date +%s%3N)"
echo "==> $name"
status=0
"$@" || status=$?
ms=$(($(date +%s%3N) - start))
if ((status == 0)); then
  printf '==> %s: ok in %d.%01ds\n' "$name" $((ms / 1000)) $((ms % 1000 / 100))
else
  printf '==> %s: FAILED (exit %d) after %d.%01ds\n' "$name" "$status" $((ms / 1000)) $((ms % 1000 / 100)) >&2
fi
exit "$status"
