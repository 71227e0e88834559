#!/usr/bin/env bash
# Subword n-grams against fastText (issue 15): nce2vec's objectives with
# fastText's n-grams, and one word-only row, against `fasttext skipgram` at
# the same settings, on the same corpus, in one run. Every model is scored
# from its .bin by the same scorer (`nce2vec eval --model_file`), so unseen
# words of the rare-word set get vectors through their n-grams in every row.
#
#   bench/subwords.sh [CORPUS] [--objectives LIST] [--epochs N] [--outdir DIR]
#                     [--no-fasttext]
#
#   CORPUS          default corpora-data/bench.txt
#   --objectives L  nce2vec objectives trained with n-grams (default
#                   sgns,nce,infonce); sgns also runs word-only
#   --epochs N      default 5
#   --outdir DIR    default out/subwords
#   --no-fasttext   leave fastText out
#
# Settings (issue 15): skip-gram, dim 100, window 5, 5 negatives, min-count
# 5, sample 1e-4, lr 0.05 for every system (fastText's default), minn 3,
# maxn 6, bucket 2,000,000, 2 threads. Wall and peak RSS are the whole
# process's, under /usr/bin/time -v. Runs follow one another: the load
# average before each is printed, and figures taken on a busy machine are
# not final.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "subwords.sh: error: $*" >&2; exit 1; }

corpus=""
objectives=sgns,nce,infonce
epochs=5
outdir="$root/out/subwords"
fasttext=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --objectives)
      [[ $# -ge 2 && "$2" =~ ^[a-z]+(,[a-z]+)*$ ]] || die "--objectives needs a list like sgns,nce"
      objectives=$2; shift ;;
    --epochs)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--epochs needs a positive integer"
      epochs=$2; shift ;;
    --outdir) [[ $# -ge 2 ]] || die "--outdir needs a directory"; outdir=$2; shift ;;
    --no-fasttext) fasttext=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    -*) die "unknown flag '$1' (see --help)" ;;
    *) [[ -z "$corpus" ]] || die "more than one CORPUS given"; corpus=$1 ;;
  esac
  shift
done
corpus=${corpus:-$root/corpora-data/bench.txt}
[[ -s "$corpus" ]] || die "corpus '$corpus' not found or empty"
nce2vec=${NCE2VEC:-$root/build/nce2vec}
[[ -x "$nce2vec" ]] || die "$nce2vec not built: run make"
[[ -x /usr/bin/time ]] || die "/usr/bin/time missing: apt-get install time"
if [[ $fasttext -eq 1 ]] && ! command -v fasttext >/dev/null; then
  die "fasttext missing: apt-get install fasttext, or pass --no-fasttext"
fi
mkdir -p "$outdir"
results="$outdir/results.tsv"
printf 'system\tobjective\tsubwords\twall_s\tpeak_rss_mib\tload_before\n' >"$results"

# Runs a command under /usr/bin/time -v and appends its figures.
timed() {
  local name=$1 objective=$2 subwords=$3; shift 3
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "== $name $objective (n-grams: $subwords), load $load: $*" >&2
  /usr/bin/time -v -o "$outdir/$name-$objective-$subwords.time" "$@" \
    >"$outdir/$name-$objective-$subwords.log" 2>&1 ||
    die "$name $objective failed: see $outdir/$name-$objective-$subwords.log"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, t, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + t[i]; print s }' \
    "$outdir/$name-$objective-$subwords.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' \
    "$outdir/$name-$objective-$subwords.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$objective" "$subwords" "$wall" "$rss" \
    "$load" >>"$results"
}

common=(--dim 100 --window 5 --negatives 5 --min_count 5 --sample 1e-4
        --lr 0.05 --epochs "$epochs" --threads 2 --seed 1)
run_ours() {
  local objective=$1 maxn=$2
  timed nce2vec "$objective" "$maxn" "$nce2vec" train --input "$corpus" \
    --objective "$objective" "${common[@]}" --minn 3 --maxn "$maxn" \
    --bucket 2000000 --output "$outdir/nce2vec-$objective-$maxn.vec" \
    --output_model "$outdir/nce2vec-$objective-$maxn.bin"
}
IFS=',' read -r -a list <<<"$objectives"
for objective in "${list[@]}"; do run_ours "$objective" 6; done
run_ours sgns 0
if [[ $fasttext -eq 1 ]]; then
  timed fasttext sgns 6 fasttext skipgram -input "$corpus" \
    -output "$outdir/fasttext-sgns-6" -dim 100 -ws 5 -neg 5 -minCount 5 \
    -t 1e-4 -lr 0.05 -epoch "$epochs" -thread 2 -minn 3 -maxn 6 \
    -bucket 2000000 -verbose 0
fi

# One scorer for every model: nce2vec's, reading each .bin.
for bin in "$outdir"/*.bin; do
  "$nce2vec" eval --model_file "$bin" --json >"${bin%.bin}.eval.json" 2>/dev/null ||
    die "scoring $bin failed"
done

/usr/bin/python3 - "$outdir" <<'EOF'
import csv, json, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(f"{out}/results.tsv"), delimiter="\t"))
def scores(r):
    return json.loads(open(f"{out}/{r['system']}-{r['objective']}-{r['subwords']}.eval.json").readline())
ft = next((r for r in rows if r["system"] == "fasttext"), None)
print("| system | objective | n-grams | wall s | vs fastText | peak RSS MiB | semantic | syntactic | analogy | WS353 | RW ρ (pairs) | load before |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    s = scores(r)
    a, rw = s["analogy"], s["rw2034"]
    ratio = f"{float(r['wall_s']) / float(ft['wall_s']):.2f}×" if ft else "–"
    print(f"| {r['system']} | {r['objective']} | {'3–6' if r['subwords'] != '0' else 'none'} "
          f"| {float(r['wall_s']):.1f} | {ratio} | {r['peak_rss_mib']} "
          f"| {100 * a['semantic']:.1f}% | {100 * a['syntactic']:.1f}% | {100 * a['total']:.1f}% "
          f"| {s['wordsim353']['spearman']:.3f} | {rw['spearman']:.3f} ({rw['evaluated']}) "
          f"| {r['load_before']} |")
EOF
