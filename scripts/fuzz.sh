#!/usr/bin/env bash
# scripts/fuzz.sh — runs every fuzz target in the module (each `func FuzzX(f *testing.F)` in a
# _test.go file), one at a time, for FUZZTIME each (default 10s). Prints each target's executions;
# on a failure, the input that broke it (go test saves it under the package's testdata/fuzz/FuzzX/:
# fix the bug and commit the file, it then runs with every `go test`). Exits non-zero if any target
# failed. FUZZ_FLAGS adds go test flags (e.g. -parallel 1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZTIME="${FUZZTIME:-10s}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
targets=0
failed=()
while IFS= read -r file; do
  dir="$(dirname "$file")"
  for target in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(f \*testing\.F).*/\1/p' "$file"); do
    targets=$((targets + 1))
    t0=$(date +%s)
    # shellcheck disable=SC2086
    if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" ${FUZZ_FLAGS:-} "./$dir" >"$log" 2>&1; then
      execs="$(grep -o 'execs: [0-9]*' "$log" | tail -1 || true)"
      echo "fuzz: ok   $dir $target ($FUZZTIME, ${execs:-execs: ?}, $(($(date +%s) - t0))s with build)"
    else
      echo "fuzz: FAIL $dir $target" >&2
      tail -40 "$log" >&2
      failed+=("$dir $target")
    fi
  done
done < <(grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . \
  | grep -v -e '^\./\.' -e '^\./build/' -e '/testdata/' | sed 's|^\./||' | sort)
echo "fuzz: $targets targets in $(($(date +%s) - start))s, ${#failed[@]} failed"
if ((${#failed[@]} > 0)); then
  printf 'fuzz: failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
