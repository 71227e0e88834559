#!/usr/bin/env bash
# What `make demo` runs after building: picks or builds a corpus, counts its
# vocabulary, trains skip-gram vectors with negative sampling on 2 threads and
# shows the nearest words of a few queries.
#
#   bash corpora/demo.sh [CORPUS]
#
# Corpus, first that applies:
#   1. CORPUS if given;
#   2. corpora-data/bench.txt (the benchmark corpus) if it exists;
#   3. corpora-data/debian.txt, built (or reused) by
#      corpora/build_debian_corpus.sh corpora-data (installs Debian packages);
#   4. if that fails (no root, no package mirror): a synthetic corpus with
#      known word clusters, corpora-data/synthetic.txt, from
#      corpora/synthetic_corpus.py; the demo then also reports how many nearest
#      neighbours fall in the query's own cluster (so it does for any CORPUS
#      with a CORPUS.truth.tsv beside it).
# Environment: NCE2VEC (default build/nce2vec), DEMO_EPOCHS (default 5),
# DEMO_QUERIES (space-separated; default "king water god house run"),
# DEMO_OUT (default out/demo).
# The vectors are then scored on the analogy and word-similarity sets that
# ship in data/eval (NCE2VEC_EVAL_DIR overrides), and the demo ends with their
# analogy accuracy and WordSim-353 / SimLex-999 Spearman beside what gensim's
# word2vec scores on the same corpus with the same settings, when that was
# measured (the corpus is recognised by its SHA-256).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
die() { echo "demo: error: $*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*"; }

nce2vec=${NCE2VEC:-build/nce2vec}
epochs=${DEMO_EPOCHS:-5}
out=${DEMO_OUT:-out/demo}
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || die "DEMO_EPOCHS must be a positive integer, got '$epochs'"
[[ $# -le 1 ]] || die "usage: bash corpora/demo.sh [CORPUS]"
[[ -x "$nce2vec" ]] || die "$nce2vec not found: build it first (make)"

# --- corpus --------------------------------------------------------------------
truth=""
if [[ $# -eq 1 ]]; then
  corpus=$1
  [[ -s "$corpus" ]] || die "corpus '$corpus' is missing or empty"
elif [[ -s corpora-data/bench.txt ]]; then
  corpus=corpora-data/bench.txt
elif bash corpora/build_debian_corpus.sh corpora-data; then
  corpus=corpora-data/debian.txt
else
  echo "demo: could not build the Debian corpus (see above); using a synthetic corpus instead" >&2
  py=/usr/bin/python3
  [[ -x $py ]] || py=$(command -v python3) || die "python3 is needed for the synthetic corpus"
  mkdir -p corpora-data
  "$py" corpora/synthetic_corpus.py --output corpora-data/synthetic.txt --words 2000000 --seed 1
  corpus=corpora-data/synthetic.txt
  truth=corpora-data/synthetic.txt.truth.tsv
fi
# A synthetic corpus carries its ground truth beside it.
[[ -z "$truth" && -f "$corpus.truth.tsv" ]] && truth=$corpus.truth.tsv
mkdir -p "$out"
say "corpus: $corpus ($(wc -l <"$corpus") lines, $(wc -w <"$corpus") words)"

# --- vocabulary ----------------------------------------------------------------
say "nce2vec vocab"
"$nce2vec" vocab --input "$corpus" --save_vocab "$out/vocab.txt" --min_count 5 --threads 2
echo "$(wc -l <"$out/vocab.txt") words kept (min_count 5); the most frequent:"
head -n 10 "$out/vocab.txt" | paste -sd' ' | sed 's/^/  /'

# --- training ------------------------------------------------------------------
say "nce2vec train: skip-gram, negative sampling (sgns), dim 100, window 5, 5 negatives, sample 1e-4, $epochs epochs, 2 threads"
"$nce2vec" train --input "$corpus" --output "$out/vectors.txt" --format text --model skipgram \
  --objective sgns --dim 100 --window 5 --negatives 5 --min_count 5 --sample 1e-4 \
  --epochs "$epochs" --threads 2 --seed 1 --report_json "$out/train.json"
echo "vectors: $out/vectors.txt; run summary: $out/train.json"

# --- nearest words -------------------------------------------------------------
if [[ -n "$truth" ]]; then
  # Synthetic corpus: one query per cluster for the first five clusters.
  queries=$(awk -F'\t' '!/^#/ && $2 >= 0 && $2 < 5 && !seen[$2]++ { print $1 }' "$truth")
else
  queries=${DEMO_QUERIES:-king water god house run}
fi
# Only ask about words the vocabulary has, and say which were left out.
present=()
for q in $queries; do
  if awk -v w="$q" '$1 == w { found = 1; exit } END { exit !found }' "$out/vocab.txt"; then
    present+=("$q")
  else
    echo "demo: '$q' is not in the vocabulary; skipped" >&2
  fi
done
[[ ${#present[@]} -gt 0 ]] || die "none of the queries ($queries) is in the vocabulary"

say "nce2vec nn: 8 nearest words by cosine"
printf '%s\n' "${present[@]}" | "$nce2vec" nn --vectors "$out/vectors.txt" --k 8 >"$out/nn.tsv"
# nn prints query<TAB>rank<TAB>word<TAB>cosine; show one line per query.
awk -F'\t' '{ row[$1] = row[$1] sprintf("%s %s (%.2f)", (row[$1] == "" ? "" : ","), $3, $4) }
            !seen[$1]++ { order[++n] = $1 }
            END { for (i = 1; i <= n; i++) printf "  %-8s %s\n", order[i], row[order[i]] }' "$out/nn.tsv"

if [[ -n "$truth" ]]; then
  # Share of the neighbours that belong to the query's own cluster: near 1 when
  # the vectors recovered the structure the generator put in.
  awk -F'\t' 'NR == FNR { if (!/^#/) c[$1] = $2; next }
              { n++; if (c[$3] == c[$1]) same++ }
              END { printf "\nneighbours in the query'"'"'s own cluster: %d of %d (%.0f%%)\n", same, n, 100 * same / n }' \
    "$truth" "$out/nn.tsv"
fi

# --- evaluation ----------------------------------------------------------------
say "nce2vec eval: analogies and word similarity"
"$nce2vec" eval --vectors "$out/vectors.txt" | tee "$out/eval.txt"

# What a good score is: gensim 4.2's Word2Vec on the same corpus with the
# demo's settings (sg=1, negative=5, vector_size=100, window=5, min_count=5,
# sample=1e-4, epochs=5, workers=2, seed=1), scored by the same evaluators
# (bench/peers.sh --only nce2vec,gensim; for bench.txt the README's
# "Results at a glance"). One line per corpus: sha256|name|date|analogy
# accuracy over the evaluated questions|WordSim-353 rho|SimLex-999 rho
references="\
2a01c09f835b3e41dab3ae8343f31a88b8a95c6ce13a58d3bfb83a5118c6fbad|the Debian corpus debian.txt|2026-12-01|22.2%|0.609|0.393
48f68077cf874f089fdc01576817e1d2a5a16e057ee9cec557afbe3c250a813f|the bench corpus bench.txt|2026-11-28|21.7%|0.618|0.377"

# eval's table: the "total" row is correct, evaluated, skipped, accuracy,
# accuracy over all; a similarity row is set, pairs, oov, oov%, spearman.
read -r accuracy evaluated accuracy_all ws353 simlex < <(awk '
  $1 == "total" { acc = $5; ev = $3; all = $6 }
  $1 == "wordsim353" { ws = $5 }
  $1 == "simlex999" { sl = $5 }
  END { print acc, ev, all, (ws == "" ? "-" : ws), (sl == "" ? "-" : sl) }' "$out/eval.txt")
say "scores"
printf '  these vectors: analogy %s of the %s questions evaluated (%s of all), WordSim-353 %s, SimLex-999 %s\n' \
  "$accuracy" "$evaluated" "$accuracy_all" "$ws353" "$simlex"
sha=$(sha256sum "$corpus" | cut -d' ' -f1)
reference=$(grep "^$sha|" <<<"$references" || true)
if [[ -n "$truth" ]]; then
  echo "  a good score: none; the synthetic corpus's made-up words are not in the sets, so these scores mean nothing (its measure is the cluster check above)"
elif [[ -n "$reference" ]]; then
  IFS='|' read -r _ name date r_accuracy r_ws353 r_simlex <<<"$reference"
  settings=""
  [[ "$epochs" -eq 5 ]] || settings=" (at 5 epochs; this run had $epochs)"
  printf '  a good score on %s: gensim 4.2 word2vec, same settings, measured %s: analogy %s, WordSim-353 %s, SimLex-999 %s%s\n' \
    "$name" "$date" "$r_accuracy" "$r_ws353" "$r_simlex" "$settings"
else
  echo "  a good score: not measured for this corpus; on the Debian corpus (6.2M words) gensim's word2vec with these settings scores analogy 22.2%, WordSim-353 0.609, SimLex-999 0.393, and larger, more modern corpora score higher"
fi
