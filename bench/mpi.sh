#!/usr/bin/env bash
# Training across processes against one process, as ratios from one run:
# `mpirun -np 2 nce2vec train --threads 1` (two processes, their models merged)
# against `nce2vec train --threads 2` (one process, Hogwild), on the same
# corpus with the same settings, the two interleaved (A B A B ...) so that a
# change in the machine's load hits both alike.
#
#   bench/mpi.sh [CORPUS] [--reps N] [--flags "..."] [--mpi-flags "..."]
#                [--eval-dir DIR] [--outdir DIR]
#
#   CORPUS        default corpora-data/bench.txt
#   --reps N      pairs of runs (default 2)
#   --flags F     more train flags for both (e.g. "--epochs 1")
#   --mpi-flags F train flags for the two-process runs only (e.g.
#                 "--sync_seconds 0.5 --sync_rows 4096")
#   --eval-dir D  analogy and similarity sets (default data/eval)
#   --outdir D    vectors, reports and logs (default out/mpi)
#
# Settings: skip-gram sgns, dim 100, window 5, 5 negatives, 5 epochs,
# min-count 5, sample 1e-4 (the README's bench). "wall" is the whole
# process (mpirun's start-up, reading, vocabulary, training, writing), and
# so is the CPU time (user + system of every process), which depends less
# on what else the machine runs;
# quality is `nce2vec eval`: analogy accuracy over the questions it can
# answer within the 30,000 most frequent words, Spearman rho on WordSim-353.
# Targets (issue 16): wall <= 1.25x, analogy within 1.5 points, WS353 within
# 0.02. The load average before each run is printed: on a loaded machine the
# wall ratio is only indicative.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=$root/corpora-data/bench.txt
reps=2
flags=""
mpi_flags=""
eval_dir=$root/data/eval
outdir=$root/out/mpi
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps=$2; shift 2 ;;
    --flags) flags=$2; shift 2 ;;
    --mpi-flags) mpi_flags=$2; shift 2 ;;
    --eval-dir) eval_dir=$2; shift 2 ;;
    --outdir) outdir=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench/mpi.sh: unknown option $1" >&2; exit 2 ;;
    *) corpus=$1; shift ;;
  esac
done

binary=$root/build/nce2vec
for need in "$binary" "$corpus" "$eval_dir/questions-words.txt"; do
  if [ ! -e "$need" ]; then echo "bench/mpi.sh: missing $need" >&2; exit 1; fi
done
if ! command -v mpirun > /dev/null; then
  echo "bench/mpi.sh: mpirun not found (apt-get install openmpi-bin)" >&2
  exit 1
fi
mpirun=(mpirun --oversubscribe -np 2)
[ "$(id -u)" -eq 0 ] && mpirun+=(--allow-run-as-root)
mkdir -p "$outdir"

settings="--objective sgns --model skipgram --dim 100 --window 5 --negatives 5
  --epochs 5 --min_count 5 --sample 1e-4"

load() { cut -d' ' -f1 /proc/loadavg; }

# run NAME COMMAND...: times the command, then scores its vectors; appends
# "name wall cpu analogy ws353 sync_seconds load" to results.
run() {
  local name=$1; shift
  local before; before=$(load)
  # mpirun forwards its stdin to rank 0: keep the script's away from it.
  /usr/bin/time -f "%e %U %S" -o "$outdir/$name.time" \
    "$@" --output "$outdir/$name.vec" --report_json "$outdir/$name.json" \
    > "$outdir/$name.log" 2>&1 < /dev/null
  local wall cpu
  read -r wall cpu < <(awk '{ print $1, $2 + $3 }' "$outdir/$name.time")
  local scores
  scores=$("$binary" eval --vectors "$outdir/$name.vec" --json \
    --analogies "$eval_dir/questions-words.txt" \
    --similarity "$eval_dir/wordsim353.txt" 2> /dev/null | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print(r["analogy"]["total"], r["wordsim353"]["spearman"])')
  local syncs
  syncs=$(python3 -c '
import json, sys
print(json.load(open(sys.argv[1])).get("seconds_in_syncs", 0))' \
    "$outdir/$name.json")
  echo "$name $wall $cpu $scores $syncs $before" | tee -a "$outdir/results.txt"
}

: > "$outdir/results.txt"
echo "corpus $corpus; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "name wall_s cpu_s analogy ws353 seconds_in_syncs load_before"
for rep in $(seq 1 "$reps"); do
  # shellcheck disable=SC2086
  run "one_process_$rep" "$binary" train --input "$corpus" --threads 2 \
    $settings $flags
  # shellcheck disable=SC2086
  run "two_processes_$rep" "${mpirun[@]}" "$binary" train --input "$corpus" \
    --threads 1 $settings $flags $mpi_flags
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$outdir/results.txt" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def column(prefix, i):
    return [float(r[i]) for r in rows if r[0].startswith(prefix)]
one, two = "one_process", "two_processes"
wall = statistics.median(b / a for a, b in zip(column(one, 1), column(two, 1)))
cpu = statistics.median(b / a for a, b in zip(column(one, 2), column(two, 2)))
analogy = 100 * (statistics.mean(column(two, 3)) - statistics.mean(column(one, 3)))
ws = statistics.mean(column(two, 4)) - statistics.mean(column(one, 4))
sync = statistics.mean(column(two, 5))
def verdict(ok):
    return "meets the target" if ok else "MISSES the target"
print(f"wall, two processes / one (median of pairs): {wall:.3f}x  "
      f"({verdict(wall <= 1.25)} <= 1.25x)")
print(f"CPU time (user + system), two processes / one (median of pairs): "
      f"{cpu:.3f}x")
print(f"analogy, two minus one (mean): {analogy:+.2f} points  "
      f"({verdict(abs(analogy) <= 1.5)} within 1.5)")
print(f"WS353, two minus one (mean): {ws:+.4f}  "
      f"({verdict(abs(ws) <= 0.02)} within 0.02)")
print(f"seconds in syncs per two-process run (mean): {sync:.2f}")
EOF
