#!/usr/bin/env bash
# How fast is the vocabulary pass? `wc -w` reads and splits the same bytes
# and is the floor any tokenizer is measured against; `nce2vec vocab` also
# hashes every token, sorts and saves the vocabulary.
#
#   bench/vocab_vs_wc.sh [CORPUS]
#
#   CORPUS   default corpora-data/bench.txt (build it with
#            `bash ../shared/corpora/build-bench-corpus.sh corpora-data`)
#
# Environment: NCE2VEC (the binary, default build/nce2vec), THREADS (default
# 2), RUNS (default 3).
#
# Both commands run RUNS times in this one run, alternating, with the file
# already in the page cache; the best wall time of each counts (the least
# disturbed by other work). Prints tokens/s for both and our time as a ratio
# to wc's (target: <= 1.5). The load average and CPU times are printed too:
# wall times taken while the machine is busy are not final, and they hurt a
# two-thread run more than single-threaded wc.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus=${1:-corpora-data/bench.txt}
nce2vec=${NCE2VEC:-$root/build/nce2vec}
threads=${THREADS:-2}
runs=${RUNS:-3}

die() { echo "vocab_vs_wc.sh: error: $*" >&2; exit 1; }

if [[ ! -f $corpus ]]; then
  die "no corpus at $corpus; build it with
  bash ../shared/corpora/build-bench-corpus.sh corpora-data
or pass a corpus file as the first argument"
fi
[[ -x $nce2vec ]] || die "no nce2vec binary at $nce2vec; run 'make build' or set NCE2VEC"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One run of "$@", output discarded: prints "wall cpu" seconds, cpu being
# user + system time over all threads (from /usr/bin/time when present).
seconds() {
  local start end cpu=nan
  start=$(date +%s%N)
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%U %S' -o "$scratch/cpu" "$@" > /dev/null
    cpu=$(awk '{ print $1 + $2 }' "$scratch/cpu")
  else
    "$@" > /dev/null
  fi
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v cpu="$cpu" 'BEGIN { printf "%.4f %s\n", ns / 1e9, cpu }'
}

min() { printf '%s\n' "$@" | sort -g | head -n 1; }

# Page cache: read the file once before timing.
cat "$corpus" > /dev/null
words=$(wc -w < "$corpus")
ours=$("$nce2vec" vocab --input "$corpus" --save_vocab "$scratch/vocab.txt" \
         --threads "$threads" | awk -F': ' '$1 == "tokens" { print $2 }')
[[ $ours == "$words" ]] || echo "note: nce2vec counts $ours tokens, wc -w $words"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
wc_times=()
our_times=()
wc_cpu=()
our_cpu=()
for ((i = 0; i < runs; ++i)); do
  read -r wall cpu < <(seconds wc -w "$corpus")
  wc_times+=("$wall")
  wc_cpu+=("$cpu")
  read -r wall cpu < <(seconds "$nce2vec" vocab --input "$corpus" \
                         --save_vocab "$scratch/vocab.txt" --threads "$threads")
  our_times+=("$wall")
  our_cpu+=("$cpu")
done
wc_best=$(min "${wc_times[@]}")
our_best=$(min "${our_times[@]}")

echo "corpus: $corpus ($(stat -c %s "$corpus") bytes, $words words)"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
echo "wc -w wall (s):         ${wc_times[*]}   cpu: ${wc_cpu[*]}"
echo "nce2vec vocab wall (s): ${our_times[*]}   cpu: ${our_cpu[*]} (--threads $threads)"
awk -v w="$wc_best" -v o="$our_best" -v n="$words" \
    -v wc_cpu="$(min "${wc_cpu[@]}")" -v our_cpu="$(min "${our_cpu[@]}")" 'BEGIN {
  printf "wc -w:          %.3f s  %6.1f M tokens/s\n", w, n / w / 1e6
  printf "nce2vec vocab:  %.3f s  %6.1f M tokens/s\n", o, n / o / 1e6
  printf "ratio (nce2vec / wc -w wall time): %.2f (target <= 1.5)\n", o / w
  if (wc_cpu > 0 && our_cpu > 0)
    printf "best cpu seconds: wc -w %.2f, nce2vec vocab %.2f (all threads)\n", wc_cpu, our_cpu
}'
