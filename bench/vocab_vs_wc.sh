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
# to wc's (target: <= 1.5). The load average is printed too: timings taken
# while the machine is busy are not final.
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

# Wall seconds of one run of "$@", output discarded.
seconds() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 ))" | awk '{ printf "%.4f\n", $1 / 1e6 }'
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
for ((i = 0; i < runs; ++i)); do
  wc_times+=("$(seconds wc -w "$corpus")")
  our_times+=("$(seconds "$nce2vec" vocab --input "$corpus" \
                  --save_vocab "$scratch/vocab.txt" --threads "$threads")")
done
wc_best=$(min "${wc_times[@]}")
our_best=$(min "${our_times[@]}")

echo "corpus: $corpus ($(stat -c %s "$corpus") bytes, $words words)"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wc -w runs (s):            ${wc_times[*]}"
echo "nce2vec vocab runs (s):    ${our_times[*]} (--threads $threads)"
awk -v w="$wc_best" -v o="$our_best" -v n="$words" 'BEGIN {
  printf "wc -w:          %.3f s  %6.1f M tokens/s\n", w, n / w / 1e6
  printf "nce2vec vocab:  %.3f s  %6.1f M tokens/s\n", o, n / o / 1e6
  printf "ratio (nce2vec / wc -w time): %.2f (target <= 1.5)\n", o / w
}'
