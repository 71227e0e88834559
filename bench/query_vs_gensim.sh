#!/usr/bin/env bash
# Query tool against gensim, in one run on the same files:
#   1. load time: nce2vec vs KeyedVectors.load_word2vec_format, text and binary;
#   2. the full analogy evaluation (19,544 questions, restrict_vocab 30000) plus
#      WordSim-353: `nce2vec eval` vs eval_vectors.py (gensim), whole processes,
#      nothing subtracted, with the scores side by side;
#   3. 1,000 batch `nce2vec nn` queries (k = 10) on the vocabulary.
#
# usage: bench/query_vs_gensim.sh [VECTORS_TEXT VECTORS_BIN]
# Without arguments it writes random 50,000 x 100 vectors whose first rows are
# the words of the eval sets (scores are then near zero: only the timings and
# the agreement mean something). Rows should be in descending frequency order.
# Environment: NCE2VEC (binary; default build/nce2vec), PYTHON (with gensim;
# default /usr/bin/python3), NCE2VEC_EVAL_DIR (the sets; default data/eval),
# NCE2VEC_EVAL_SCRIPT (gensim's scorer; default ../shared/eval/eval_vectors.py).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NCE2VEC="${NCE2VEC:-$ROOT/build/nce2vec}"
PYTHON="${PYTHON:-/usr/bin/python3}"
EVAL_DIR="${NCE2VEC_EVAL_DIR:-$ROOT/data/eval}"
EVAL_PY="${NCE2VEC_EVAL_SCRIPT:-$ROOT/../shared/eval/eval_vectors.py}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

[[ -x "$NCE2VEC" ]] || { echo "error: no nce2vec binary at $NCE2VEC (set NCE2VEC)" >&2; exit 1; }
[[ -f "$EVAL_DIR/questions-words.txt" ]] || { echo "error: no eval sets in $EVAL_DIR" >&2; exit 1; }
[[ -f "$EVAL_PY" ]] || { echo "error: no eval_vectors.py at $EVAL_PY (set NCE2VEC_EVAL_SCRIPT)" >&2; exit 1; }
"$PYTHON" -c 'import gensim' 2>/dev/null || { echo "error: $PYTHON cannot import gensim" >&2; exit 1; }

if [[ $# -eq 2 ]]; then
  TEXT="$1"; BIN="$2"; ORIGIN="given files"
elif [[ $# -eq 0 ]]; then
  TEXT="$WORK/random.txt"; BIN="$WORK/random.bin"
  ORIGIN="random 50000 x 100 vectors, eval words first (no trained vectors given)"
  "$PYTHON" - "$EVAL_DIR" "$WORK/random" <<'PY'
import sys
import numpy as np
from gensim.models import KeyedVectors
eval_dir, out = sys.argv[1], sys.argv[2]
words, seen = [], set()
def add(w):
    if w not in seen:
        seen.add(w)
        words.append(w)
for line in open(eval_dir + "/questions-words.txt", encoding="utf-8"):
    if not line.startswith(":"):
        for w in line.split():
            add(w.lower())
for name in ("wordsim353.txt", "simlex999.txt"):
    for line in open(f"{eval_dir}/{name}", encoding="utf-8"):
        if not line.startswith("#"):
            for w in line.split("\t")[:2]:
                add(w.lower())
i = 0
while len(words) < 50000:
    add(f"filler{i}")
    i += 1
kv = KeyedVectors(100)
kv.add_vectors(words, np.random.default_rng(1).standard_normal((50000, 100)).astype(np.float32))
kv.save_word2vec_format(out + ".txt", binary=False)
kv.save_word2vec_format(out + ".bin", binary=True)
PY
else
  echo "usage: $0 [VECTORS_TEXT VECTORS_BIN]" >&2; exit 2
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

echo "vectors: $TEXT / $BIN ($ORIGIN)"
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gensim $("$PYTHON" -c 'import gensim; print(gensim.__version__)'); nce2vec $NCE2VEC"
echo

echo "== load (seconds; in-process load, then whole process wall time)"
printf "%-8s %12s %12s %12s %12s %8s\n" format nce2vec gensim nce2vec_wall gensim_wall ratio
for kind in text binary; do
  file="$TEXT"; binary=False
  [[ $kind == binary ]] && { file="$BIN"; binary=True; }
  t0=$(now)
  ours=$("$NCE2VEC" nn --vectors "$file" --queries /dev/null 2>&1 >/dev/null |
         sed -n 's/.* in \([0-9.]*\) s$/\1/p' | head -1)
  t1=$(now)
  theirs=$("$PYTHON" -c "
import time, sys
from gensim.models import KeyedVectors
t = time.perf_counter()
KeyedVectors.load_word2vec_format(sys.argv[1], binary=$binary)
print('%.3f' % (time.perf_counter() - t))" "$file")
  t2=$(now)
  printf "%-8s %12s %12s %12s %12s %8s\n" "$kind" "$ours" "$theirs" \
    "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")" "$(ratio "$theirs" "$ours")"
done
echo

echo "== evaluation: 19,544 analogies (restrict_vocab 30000) + WordSim-353, binary file"
t0=$(now)
"$NCE2VEC" eval --vectors "$BIN" --analogies "$EVAL_DIR/questions-words.txt" \
  --similarity "$EVAL_DIR/wordsim353.txt" --json > "$WORK/ours.json"
t1=$(now)
# eval_vectors.py also scores the 5 other similarity sets (a few ms each).
"$PYTHON" "$EVAL_PY" "$BIN" --binary --eval-dir "$EVAL_DIR" > "$WORK/gensim.json"
t2=$(now)
ours_wall=$(secs "$t0" "$t1"); gensim_wall=$(secs "$t1" "$t2")
printf "whole process (load + evaluate): nce2vec %s s, eval_vectors.py %s s, ratio %s\n" \
  "$ours_wall" "$gensim_wall" "$(ratio "$gensim_wall" "$ours_wall")"
"$PYTHON" - "$WORK/ours.json" "$WORK/gensim.json" <<'PY'
import json, sys
ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
print("nce2vec in-process: load %.3f s, evaluation %.3f s" % (ours["load_seconds"], ours["eval_seconds"]))
print("%-22s %12s %12s" % ("score", "nce2vec", "gensim"))
def row(name, a, b):
    fmt = lambda v: "-" if v is None else (("%.4f" % v) if isinstance(v, float) else str(v))
    print("%-22s %12s %12s" % (name, fmt(a), fmt(b)))
oa, ga = ours.get("analogy") or {}, theirs.get("analogy") or {}
for key in ("semantic", "syntactic", "total", "correct", "evaluated", "total_all"):
    row("analogy " + key, oa.get(key), ga.get(key))
ow, gw = ours.get("wordsim353") or {}, theirs.get("wordsim353") or {}
for key in ("spearman", "pearson", "oov_pct"):
    row("wordsim353 " + key, ow.get(key), gw.get(key))
same = oa.get("correct") == ga.get("correct") and oa.get("evaluated") == ga.get("evaluated") \
    and abs((ow.get("spearman") or 0) - (gw.get("spearman") or 0)) <= 1e-4
print("scores agree (analogy counts exact, Spearman within 1e-4):", "yes" if same else "NO")
PY
echo

echo "== nn: 1,000 batch queries, k = 10"
# Every 50th of the first 50,000 words (fewer rows: wrap around).
tail -n +2 "$TEXT" | head -n 50000 | cut -d' ' -f1 > "$WORK/words.txt"
awk -v n="$(wc -l < "$WORK/words.txt")" 'BEGIN { step = int(n / 1000); if (step < 1) step = 1 }
  { w[NR - 1] = $0 } END { for (i = 0; i < 1000; ++i) print w[(i * step) % n] }' \
  "$WORK/words.txt" > "$WORK/queries.txt"
for run in 1 2; do
  t0=$(now)
  "$NCE2VEC" nn --vectors "$BIN" --limit 50000 --k 10 --queries "$WORK/queries.txt" \
    > "$WORK/nn.tsv" 2> "$WORK/nn.err"
  t1=$(now)
  echo "run $run: $(tr '\n' ';' < "$WORK/nn.err") whole process $(secs "$t0" "$t1") s, $(wc -l < "$WORK/nn.tsv") result lines"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (figures taken under load are not final)"
