#!/usr/bin/env bash
# Runs libFuzzer targets for a bounded time each, `jobs` at a time:
#   fuzz/run.sh BUILD_DIR SECONDS JOBS TARGET...
# Each target starts from the seeds in fuzz/seeds/<target>/ plus what earlier
# runs found (kept in BUILD_DIR/fuzz-corpus/<target>/, never in the seeds).
# A crash, sanitizer report or failed check fails the run; the input that
# caused it is saved in BUILD_DIR/fuzz-artifacts/ and the log's end printed.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 seconds=$2 jobs=$3
shift 3

run_one() {
  local target=$1
  local corpus="$build/fuzz-corpus/$target" artifacts="$build/fuzz-artifacts"
  local log="$build/fuzz-logs/$target.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  # -timeout: an input that takes seconds is a hang worth reporting, not a
  # slow machine. -rss_limit_mb bounds one run on the shared CI machine.
  if ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
     UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     "$build/$target" -max_total_time="$seconds" -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$artifacts/$target-" \
       "$corpus" "fuzz/seeds/$target" >"$log" 2>&1; then
    echo "$target: clean, $(grep -o 'stat::number_of_executed_units: *[0-9]*' \
      "$log" | grep -o '[0-9]*$') inputs in ${seconds}s"
  else
    echo "$target: FAILED (log: $log)"
    tail -n 40 "$log"
    return 1
  fi
}
export -f run_one
export build seconds

printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
