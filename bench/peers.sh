#!/usr/bin/env bash
# Side-by-side benchmark: nce2vec against gensim's Word2Vec and fastText, all
# trained with the same settings on the same corpus, then scored by the shared
# evaluation script (../shared/eval/eval_vectors.py, gensim's evaluators; set
# NCE2VEC_EVAL_SCRIPT) on the sets in data/eval (NCE2VEC_EVAL_DIR overrides).
#
#   bench/peers.sh [CORPUS] [--epochs N] [--peer-epochs N] [--objectives LIST]
#                  [--lr X] [--outdir DIR] [--threads N] [--only LIST]
#                  [--seed N] [--no-per-pair] [--no-install]
#
#   CORPUS          one sentence per line, lowercase words (default
#                   corpora-data/bench.txt)
#   --epochs N      epochs for every system (default 5)
#   --peer-epochs N epochs for gensim and fastText only (e.g. 1 for a quick
#                   check); wall-time ratios are then only fair per epoch, so
#                   the report also gives throughput ratios
#   --objectives L  nce2vec objectives, comma-separated (default sgns; e.g.
#                   sgns,nce,infonce), one row each. With hs in the list the
#                   peers also train hierarchical softmax (gensim hs=1
#                   negative=0, fastText -loss hs), and their negative-sampling
#                   rows run only if another objective is listed
#   --lr X          starting learning rate for every system; without it each
#                   keeps its own default (nce2vec and gensim 0.025 as
#                   word2vec.c, fastText 0.05), which is not the same setting
#   --seed N        random seed for every system (default 1); runs with
#                   several seeds show the spread a difference must exceed
#   --only L        systems to run, comma-separated from nce2vec,gensim,fasttext
#   --no-per-pair   leave out the extra row of each sampled nce2vec objective
#                   run with --noshared_negatives (k noise words drawn per
#                   pair, as the peers draw them, instead of one set shared by
#                   a window): by default it is there, so the table shows what
#                   the shared negatives buy and what the per-pair path costs
#                   (objectives without noise words ignore the flag: their
#                   extra row repeats the first)
#   --outdir DIR    where vectors, logs and results go (default out/peers)
#   --no-install    do not apt-get missing peers; skip them instead
#
# Settings (shared/README.md): skip-gram, dim 100, window 5, 5 negatives
# (none for hs), min-count 5, sample 1e-4, 2 threads. Each system runs under
# /usr/bin/time -v: "wall" is the whole process (reading, vocabulary,
# training, writing vectors), the same span for every system, so nobody's
# start-up is hidden; words/s/thread = corpus words x epochs / wall seconds /
# threads (wall clock, not CPU time).
# Peak RSS is the process's maximum resident set.
#
# Output: DIR/results.jsonl (one JSON object per run), DIR/report.md (the
# markdown table, printed too). Timings taken while other work runs on the
# machine are not final: the load average before each run is recorded and the
# report warns when it was high.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# usage [STATUS]: prints the header comment (to stderr when STATUS is non-zero).
usage() {
  if [[ "${1:-0}" -eq 0 ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  else
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  fi
  exit "${1:-0}"
}
die() { echo "peers.sh: error: $*" >&2; exit 1; }

corpus=""
epochs=5
peer_epochs=""
objectives=sgns
only=nce2vec,gensim,fasttext
outdir="$root/out/peers"
threads=2
lr=""
seed=1
install=1
per_pair=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs|--peer-epochs|--threads|--seed)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive integer"
      case "$1" in
        --epochs) epochs=$2 ;;
        --seed) seed=$2 ;;
        --peer-epochs) peer_epochs=$2 ;;
        --threads) threads=$2 ;;
      esac
      shift ;;
    --objectives)
      [[ $# -ge 2 && "$2" =~ ^[a-z]+(,[a-z]+)*$ ]] || die "--objectives needs a list like sgns,nce,infonce"
      objectives=$2; shift ;;
    --only)
      [[ $# -ge 2 && "$2" =~ ^(nce2vec|gensim|fasttext)(,(nce2vec|gensim|fasttext))*$ ]] ||
        die "--only needs a list from nce2vec,gensim,fasttext"
      only=$2; shift ;;
    --lr)
      [[ $# -ge 2 && "$2" =~ ^(0|[1-9][0-9]*)?\.[0-9]+$ ]] || die "--lr needs a number like 0.05"
      lr=$2; shift ;;
    --outdir) [[ $# -ge 2 ]] || die "--outdir needs a directory"; outdir=$2; shift ;;
    --no-install) install=0 ;;
    --no-per-pair) per_pair=0 ;;
    -h|--help) usage 0 ;;
    -*) echo "peers.sh: error: unknown flag '$1'" >&2; usage 2 ;;
    *) [[ -z "$corpus" ]] || die "more than one CORPUS given ('$corpus', '$1')"; corpus=$1 ;;
  esac
  shift
done
corpus=${corpus:-$root/corpora-data/bench.txt}
peer_epochs=${peer_epochs:-$epochs}
[[ -f "$corpus" && -r "$corpus" ]] ||
  die "corpus '$corpus' not found: build it with 'bash ../shared/corpora/build-bench-corpus.sh corpora-data' (from the repository root), or pass a corpus file"
[[ -s "$corpus" ]] || die "corpus '$corpus' is empty"
corpus=$(cd "$(dirname "$corpus")" && pwd)/$(basename "$corpus")

# gensim's scorer comes from ../shared; the sets it scores are ours.
eval_script=${NCE2VEC_EVAL_SCRIPT:-$root/../shared/eval/eval_vectors.py}
[[ -f "$eval_script" ]] || die "evaluation script not found at $eval_script (set NCE2VEC_EVAL_SCRIPT)"
eval_dir=${NCE2VEC_EVAL_DIR:-$root/data/eval}
nce2vec=${NCE2VEC:-$root/build/nce2vec}
# gensim comes from Debian and lives in the system interpreter, not in any
# pyenv/venv python3 that may come first in PATH.
syspy=/usr/bin/python3

want() { [[ ",$only," == *",$1,"* ]]; }
# The peers' losses: negative sampling when an objective other than hs is
# asked for, hierarchical softmax when hs is.
peer_losses=()
if tr ',' '\n' <<<"$objectives" | grep -qvx hs; then peer_losses+=(sgns); fi
if [[ ",$objectives," == *",hs,"* ]]; then peer_losses+=(hs); fi

# --- peers: install what is missing --------------------------------------------
missing=()
[[ -x /usr/bin/time ]] || missing+=(time)
if want gensim; then
  "$syspy" -c 'import gensim' 2>/dev/null || missing+=(python3-gensim)
  # gensim's inner loops call BLAS through scipy; Debian's threaded OpenBLAS is
  # the build users get with `apt-get install python3-gensim` on a fresh box.
  dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q 'ok installed' ||
    missing+=(libopenblas0-pthread)
  "$syspy" -c 'import threadpoolctl' 2>/dev/null || missing+=(python3-threadpoolctl)
fi
want fasttext && ! command -v fasttext >/dev/null && missing+=(fasttext)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $install -eq 1 ]]; then
    echo "peers.sh: installing ${missing[*]}" >&2
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
      { $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; } ||
      echo "peers.sh: warning: could not install ${missing[*]}; the runs that need them are skipped" >&2
  else
    echo "peers.sh: missing ${missing[*]} (--no-install): the runs that need them are skipped" >&2
  fi
fi
[[ -x /usr/bin/time ]] || die "/usr/bin/time is needed for wall time and peak RSS (apt-get install time)"

mkdir -p "$outdir"
results="$outdir/results.jsonl"
: >"$results.tmp"
words=$(wc -w <"$corpus")
echo "corpus: $corpus ($words words); epochs: nce2vec $epochs, peers $peer_epochs; threads $threads" >&2

# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on a machine to work around
# old OpenBLAS bugs; they force a slower kernel on a current one, so every timed
# run unsets them (for that command only: the same environment for all three)
# and the BLAS gensim actually uses is printed. One BLAS thread per worker: each
# system already runs $threads threads of its own.
blas_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1)

# run NAME OBJECTIVE EPOCHS VECTORS REPORT_JSON -- CMD...: times CMD, scores
# VECTORS and appends one JSON line to the results.
run() {
  local name=$1 objective=$2 ep=$3 vectors=$4 report=$5
  shift 6
  local log="$outdir/$name-$objective.log" timef="$outdir/$name-$objective.time"
  local load_before
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  echo "== $name ($objective, $ep epochs): $*" >&2
  rm -f "$vectors"
  if ! /usr/bin/time -v -o "$timef" "$@" >"$log" 2>&1; then
    echo "peers.sh: $name failed; last lines of $log:" >&2
    tail -n 5 "$log" >&2
    return 0
  fi
  [[ -s "$vectors" ]] || { echo "peers.sh: $name wrote no vectors at $vectors" >&2; return 0; }
  local load_after
  load_after=$(cut -d' ' -f1 /proc/loadavg)
  echo "   scoring $vectors" >&2
  local scores
  if ! scores=$("$syspy" "$eval_script" "$vectors" --eval-dir "$eval_dir" 2>"$outdir/$name-$objective.eval.log"); then
    echo "peers.sh: scoring failed, see $outdir/$name-$objective.eval.log" >&2
    scores='{}'
  fi
  "$syspy" - "$name" "$objective" "$ep" "$threads" "$words" "$timef" "$load_before" "$load_after" \
    "$report" "$scores" "$seed" >>"$results.tmp" <<'PY'
import json, re, sys
name, objective, ep, threads, words, timef, lb, la, report, scores, seed = sys.argv[1:]
t = open(timef).read()
def field(label):
    m = re.search(r"^\s*" + re.escape(label) + r": (.*)$", t, re.M)
    return m.group(1).strip() if m else None
wall = 0.0
for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
    wall = wall * 60 + float(part)
row = {"system": name, "objective": objective, "epochs": int(ep), "threads": int(threads), "seed": int(seed),
       "corpus_words": int(words), "wall_s": round(wall, 2),
       "user_s": float(field("User time (seconds)")), "sys_s": float(field("System time (seconds)")),
       "peak_rss_mib": round(int(field("Maximum resident set size (kbytes)")) / 1024, 1),
       "words_per_sec_per_thread": round(int(words) * int(ep) / wall / int(threads)),
       "load_before": float(lb), "load_after": float(la)}
if report:
    try:
        row["self_report"] = json.load(open(report))
    except (OSError, ValueError):
        pass
row["scores"] = json.loads(scores) if scores.strip() else {}
print(json.dumps(row, sort_keys=True))
PY
}

# --- nce2vec -------------------------------------------------------------------
if want nce2vec; then
  # `help` of an unknown command may still exit 0, so its text is checked too.
  if [[ -x "$nce2vec" ]] && help_text=$("$nce2vec" help train 2>&1) && ! grep -qi "unknown command" <<<"$help_text"; then
    IFS=, read -r -a objs <<<"$objectives"
    for obj in "${objs[@]}"; do
      run nce2vec "$obj" "$epochs" "$outdir/nce2vec-$obj.vec" "$outdir/nce2vec-$obj.json" -- \
        "${blas_env[@]}" "$nce2vec" train --input "$corpus" --output "$outdir/nce2vec-$obj.vec" --format text \
        --model skipgram --objective "$obj" --dim 100 --window 5 --negatives 5 --min_count 5 \
        --sample 1e-4 --epochs "$epochs" --threads "$threads" --seed "$seed" \
        --report_json "$outdir/nce2vec-$obj.json" ${lr:+--lr "$lr"}
    done
    # The same objectives drawing k noise words per pair (the peers' way).
    if [[ $per_pair -eq 1 ]]; then
      for obj in "${objs[@]}"; do
        run nce2vec "$obj-noshared" "$epochs" "$outdir/nce2vec-$obj-noshared.vec" "$outdir/nce2vec-$obj-noshared.json" -- \
          "${blas_env[@]}" "$nce2vec" train --input "$corpus" --output "$outdir/nce2vec-$obj-noshared.vec" --format text \
          --model skipgram --objective "$obj" --noshared_negatives --dim 100 --window 5 --negatives 5 --min_count 5 \
          --sample 1e-4 --epochs "$epochs" --threads "$threads" --seed "$seed" \
          --report_json "$outdir/nce2vec-$obj-noshared.json" ${lr:+--lr "$lr"}
      done
    fi
  else
    echo "peers.sh: skipping nce2vec: '$nce2vec help train' does not succeed (not built yet? run make)" >&2
  fi
fi

# --- gensim --------------------------------------------------------------------
if want gensim && "$syspy" -c 'import gensim' 2>/dev/null; then
  # Which BLAS gensim's numpy/scipy load, with the environment of the timed run.
  "${blas_env[@]}" "$syspy" - <<'PY' >&2 || true
import numpy, scipy.linalg.blas, gensim
from gensim.models import word2vec_inner  # loads the BLAS gensim's loops call
print("gensim %s, numpy %s, FAST_VERSION %s" % (gensim.__version__, numpy.__version__,
      word2vec_inner.FAST_VERSION))
try:
    from threadpoolctl import threadpool_info
    for lib in threadpool_info():
        print("BLAS: %s %s (%s), %s, kernel %s, threads %s" % (lib.get("internal_api"), lib.get("version"),
              lib.get("threading_layer"), lib.get("filepath"), lib.get("architecture"), lib.get("num_threads")))
except ImportError:
    import os
    libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and ".so" in l})
    print("BLAS libraries mapped:", ", ".join(os.path.realpath(p) for p in libs))
PY
  cat >"$outdir/gensim_train.py" <<'PY'
# Trains gensim's Word2Vec with the benchmark settings; argv: corpus out epochs threads loss seed [lr],
# loss sgns (5 negatives) or hs (hierarchical softmax, no negatives).
import logging, sys
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
corpus, out, epochs, threads, loss = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
seed = int(sys.argv[6])
# min_alpha as word2vec.c's floor, lr * 1e-4, so that only alpha changes.
lr = {"alpha": float(sys.argv[7]), "min_alpha": float(sys.argv[7]) * 1e-4} if len(sys.argv) > 7 else {}
sampling = {"hs": 1, "negative": 0} if loss == "hs" else {"hs": 0, "negative": 5}
logging.basicConfig(format="%(asctime)s %(message)s", level=logging.INFO)
model = Word2Vec(sentences=LineSentence(corpus), sg=1, vector_size=100, window=5,
                 min_count=5, sample=1e-4, epochs=epochs, workers=threads, seed=seed, **sampling, **lr)
# The analogy scorer reads only the first 30,000 rows, so they must be the most
# frequent words; gensim sorts by count when it builds the vocabulary, check it.
counts = [model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key]
assert all(a >= b for a, b in zip(counts, counts[1:])), "vocabulary not in descending frequency"
model.wv.save_word2vec_format(out)
PY
  for loss in "${peer_losses[@]}"; do
    vec="$outdir/gensim-$loss.vec"
    run gensim "$loss" "$peer_epochs" "$vec" "" -- \
      "${blas_env[@]}" "$syspy" "$outdir/gensim_train.py" "$corpus" "$vec" "$peer_epochs" "$threads" "$loss" "$seed" ${lr:+"$lr"}
  done
elif want gensim; then
  echo "peers.sh: skipping gensim: /usr/bin/python3 cannot import gensim (apt-get install python3-gensim)" >&2
fi

# --- fastText ------------------------------------------------------------------
if want fasttext && command -v fasttext >/dev/null; then
  # -minn 0 -maxn 0: no character n-grams, i.e. plain word vectors like the others.
  for loss in "${peer_losses[@]}"; do
    sampling=(-loss ns -neg 5)
    [[ $loss == hs ]] && sampling=(-loss hs)
    run fasttext "$loss" "$peer_epochs" "$outdir/fasttext-$loss.vec" "" -- \
      "${blas_env[@]}" fasttext skipgram -input "$corpus" -output "$outdir/fasttext-$loss" -minn 0 -maxn 0 -dim 100 \
      -ws 5 "${sampling[@]}" -minCount 5 -t 1e-4 -epoch "$peer_epochs" -thread "$threads" -seed "$seed" -verbose 1 ${lr:+-lr "$lr"}
    rm -f "$outdir/fasttext-$loss.bin"  # the model file is large and not needed for scoring
  done
elif want fasttext; then
  echo "peers.sh: skipping fasttext: not installed (apt-get install fasttext)" >&2
fi

mv "$results.tmp" "$results"
[[ -s "$results" ]] || die "no system ran; nothing to report"
{
  PEERS_LR="$lr" "$syspy" "$root/bench/peers_report.py" "$results"
  # What was compared, so a table can be traced back to the exact programs.
  echo
  printf 'Versions: nce2vec %s; gensim %s; fastText %s; %s; load average at the end %s.\n' \
    "$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)" \
    "$(dpkg-query -W -f='${Version}' python3-gensim 2>/dev/null || echo none)" \
    "$(dpkg-query -W -f='${Version}' fasttext 2>/dev/null || echo none)" \
    "$(nproc) cores" "$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$outdir/report.md.tmp"
mv "$outdir/report.md.tmp" "$outdir/report.md"
cat "$outdir/report.md"
