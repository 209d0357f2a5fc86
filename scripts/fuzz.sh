#!/usr/bin/env bash
# scripts/fuzz.sh — runs every fuzz target in the module (each `func FuzzX(f *testing.F)` in a
# _test.go file), one at a time, for FUZZTIME each (default 10s). Prints each target's executions;
# on a failure, the input that broke it (go test saves it under the package's testdata/fuzz/FuzzX/:
# fix the bug and commit the file, it then runs with every `go test`). Exits non-zero if any target
# failed. FUZZ_FLAGS adds go test flags (e.g. -parallel 1).
#
# Go 1.26's fuzz coordinator can report a bare "context deadline exceeded" when -fuzztime runs out
# while a worker is mid-call (golang/go#75804, fixed in Go 1.27): no input failed and none is saved.
# A failure with that signature and no new file under testdata/fuzz/FuzzX/ is rerun, at most
# FUZZ_RETRIES times (default 2), and reported as such; any other failure, or one that left an
# input behind, fails at once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZTIME="${FUZZTIME:-10s}"
FUZZ_RETRIES="${FUZZ_RETRIES:-2}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
targets=0
failed=()

# saved_inputs DIR TARGET: how many inputs go test has saved for TARGET in package DIR.
saved_inputs() {
  if [[ -d "$1/testdata/fuzz/$2" ]]; then find "$1/testdata/fuzz/$2" -type f | wc -l; else echo 0; fi
}

# coordinator_deadline_race: whether the log in $log is golang/go#75804's signature — the target's
# only failure is the coordinator's bare deadline error, with no failing input reported.
coordinator_deadline_race() {
  grep -qx '    context deadline exceeded' "$log" &&
    ! grep -q -e 'Failing input written to' -e '^panic:' -e '_test\.go:[0-9]*:' "$log"
}

while IFS= read -r file; do
  dir="$(dirname "$file")"
  for target in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(f \*testing\.F).*/\1/p' "$file"); do
    targets=$((targets + 1))
    t0=$(date +%s)
    attempt=0
    while true; do
      before="$(saved_inputs "$dir" "$target")"
      status=0
      # shellcheck disable=SC2086
      go test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" ${FUZZ_FLAGS:-} "./$dir" >"$log" 2>&1 || status=$?
      if ((status != 0)) && ((attempt < FUZZ_RETRIES)) && coordinator_deadline_race &&
        [[ "$(saved_inputs "$dir" "$target")" == "$before" ]]; then
        attempt=$((attempt + 1))
        echo "fuzz: rerun $dir $target: bare 'context deadline exceeded', no input saved (golang/go#75804), try $((attempt + 1))"
        continue
      fi
      break
    done
    if ((status == 0)); then
      execs="$(grep -o 'execs: [0-9]*' "$log" | tail -1 || true)"
      echo "fuzz: ok   $dir $target ($FUZZTIME, ${execs:-only the seed corpus: no new execs in time}, $(($(date +%s) - t0))s with build)"
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
