#!/usr/bin/env bash
# Feeds nce2vec bad inputs and bad flags, and checks that each is refused:
# a non-zero exit, a message on stderr, and nothing written. Prints a
# markdown table, one row per case; exits non-zero if any row fails.
#
#   make build && bash bench/bad_inputs.sh [path/to/nce2vec]
#
# Every case runs in a sandbox folder holding the inputs and the places
# outputs would go; "written" compares the sandbox's files (names, sizes,
# modification times, checksums) before and after the run. Folder times are
# left out: a temporary file created and removed again is not output.
set -u

bin=${1:-build/nce2vec}
if [ ! -x "$bin" ]; then
  echo "bad_inputs.sh: no executable $bin; run make build first" >&2
  exit 2
fi
bin=$(realpath "$bin")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
box=$work/box # the sandbox
in=$box/in    # inputs
out=$box/out  # where outputs would go
logs=$work/logs
mkdir -p "$in" "$out" "$logs"

# ---------------------------------------------------------------------------
# Inputs.

# A small good corpus: every word at least 5 times, so min_count 5 keeps them.
for _ in $(seq 1 40); do
  echo "the cat sat on the mat and the dog sat on the log"
  echo "a king and a queen rule the land with a man and a woman"
done >"$in/good.txt"
gzip -c "$in/good.txt" >"$in/good.txt.gz"
: >"$in/empty.txt"
printf ' \n\t\n\r\n   \n' >"$in/blank.txt"
printf 'the cat sat\non the mat\nthe dog\0sat on the log\n' >"$in/nul.txt"
cp "$bin" "$in/program.bin" # an executable: binary garbage, NUL bytes included
size=$(stat -c %s "$in/good.txt.gz")
head -c $((size / 2)) "$in/good.txt.gz" >"$in/truncated.txt.gz"
# The deflate data with every byte's top bit flipped from byte 20 on: the
# gzip header stays valid.
{
  head -c 20 "$in/good.txt.gz"
  tail -c +21 "$in/good.txt.gz" | tr '\000-\177\200-\377' '\200-\377\000-\177'
} >"$in/corrupt.txt.gz"
{
  cat "$in/good.txt.gz"
  echo "trailing junk"
} >"$in/trailing.txt.gz"
printf 'each word here is seen once\n' >"$in/rare.txt"
mkdir "$in/folder"
mkfifo "$in/fifo"

printf 'the 5\ncat 0\n' >"$in/vocab_zero.txt"
printf 'the 5\ncat -2\n' >"$in/vocab_negative.txt"
printf 'the 5\ncat many\n' >"$in/vocab_text.txt"
printf 'the 5\ncat 99999999999999999999\n' >"$in/vocab_overflow.txt"
printf 'the 9223372036854775807\ncat 1\n' >"$in/vocab_sum.txt"
printf 'the 5\nthe 3\n' >"$in/vocab_duplicate.txt"

printf '3 2\nman 1 0\nwoman 0 1\nking 1 1\n' >"$in/vec.txt"
printf '5 2\nman 1 0\nwoman 0 1\n' >"$in/vec_count.txt"
printf '2 3\nman 1 0\nwoman 0 1\n' >"$in/vec_dim.txt"
printf '0 2\n' >"$in/vec_zero.txt"
printf '2 -3\nman 1 0\nwoman 0 1\n' >"$in/vec_negative.txt"
printf '1000000000000 100000\nman 1 0\n' >"$in/vec_absurd.txt"
printf '2 2 2\nman 1 0\nwoman 0 1\n' >"$in/vec_header.txt"
printf 'man 1 0\nwoman 0 1\n' >"$in/vec_noheader.txt"
printf '2 2\nman 1 0\nwoman 0\n' >"$in/vec_short.txt"
printf '2 2\nman 1 0\nwoman 0 1 1\n' >"$in/vec_long.txt"
printf '2 2\nman 1 0\nwoman zero 1\n' >"$in/vec_text.txt"
printf '2 2\nman 1 0\nwoman nan 1\n' >"$in/vec_nan.txt"
printf '2 2\nman 1 0\nwoman inf 1\n' >"$in/vec_inf.txt"
printf '2 2\nman 1 0\nman 0 1\n' >"$in/vec_duplicate.txt"
printf '2 2\nman 1 0\nwo\0man 0 1\n' >"$in/vec_nul.txt"
printf '2 4\nman \001\002\003\004\005\006\007\010\011\012\013\014\015\016\017' \
  >"$in/vec_binary_short.bin"
gzip -c "$in/vec.txt" | head -c 30 >"$in/vec_truncated.txt.gz"

printf ': family\nman woman king queen\n' >"$in/questions.txt"
printf 'man woman king queen\n: family\n' >"$in/q_before_header.txt"
printf ': family\nman woman king\nman woman\n' >"$in/q_malformed.txt"
printf ': family\n: other\n' >"$in/q_headers_only.txt"
printf 'man\twoman\t7\n' >"$in/sim.txt"
printf 'man woman 7\nman\twoman\tseven\n' >"$in/sim_malformed.txt"
printf '# only a comment\n' >"$in/sim_comment.txt"
printf ': family\nman woman king que\0en\n' >"$in/q_nul.txt"

# fastText models (.bin): a good one (dim 2, the word "ab", n-grams of 1 to
# 2 characters in 1 bucket; the fuzzer's seed), then broken copies: byte 4
# is the version, byte 104 the flag of a quantised input matrix.
model_seed=$(dirname "$0")/../fuzz/seeds/fuzz_fasttext_model/tiny.bin
cp "$model_seed" "$in/model.bin"
head -c 150 "$in/model.bin" >"$in/model_truncated.bin"
{ head -c 4 "$in/model.bin"; printf '\015'; tail -c +6 "$in/model.bin"; } \
  >"$in/model_version.bin"
{ head -c 104 "$in/model.bin"; printf '\001'; tail -c +106 "$in/model.bin"; } \
  >"$in/model_quantised.bin"
{ cat "$in/model.bin"; printf 'junk'; } >"$in/model_trailing.bin"

printf 'the 5\n' >"$out/existing.txt" # must survive a failed run unchanged
touch -d '2020-01-01 00:00:00' "$out/existing.txt"
# A run that wrongly writes over an input must not spoil the later cases.
cp -a "$box" "$work/pristine"

# ---------------------------------------------------------------------------
# Running the cases.

snapshot() {
  (cd "$box" && find . -type f -printf '%p %s %T@\n' | sort &&
    find . -type f -exec md5sum {} + | sort)
}

rows=()
cases=0
failures=0
failed=()

# run_case NAME ARGS...: runs nce2vec ARGS in the sandbox, stdin empty.
run_case() {
  local name=$1
  shift
  local before after code message written verdict
  before=$(snapshot)
  (cd "$out" && timeout 120 "$bin" "$@" </dev/null >"$logs/stdout" \
    2>"$logs/stderr")
  code=$?
  after=$(snapshot)
  message=$(grep -m1 -v '^[[:space:]]*$' "$logs/stderr" | cut -c1-160)
  [ "$code" -eq 124 ] && message="timed out after 120 s"
  written=no
  [ "$before" != "$after" ] && written=yes
  verdict=PASS
  if [ "$code" -eq 0 ] || [ -z "$message" ] || [ "$written" = yes ] ||
    [ "$code" -eq 124 ]; then
    verdict=FAIL
    failures=$((failures + 1))
    failed+=("$name")
  fi
  cases=$((cases + 1))
  # Keep the table a table: no pipes or backticks from messages.
  message=${message//|/\\|}
  message=${message//\`/\'}
  rows+=("| $name | $code | $message | $written | $verdict |")
  # Restore the sandbox for the next case, whatever this one did.
  if [ "$written" = yes ]; then
    rm -rf "$box"
    cp -a "$work/pristine" "$box"
  fi
}

v=$out/vocab.txt
t=(--output "$out/vectors.txt" --dim 8 --epochs 1 --threads 1 --min_count 5)

# vocab: corpus files.
run_case "vocab: --input missing" vocab --input "$in/absent.txt" --save_vocab "$v"
run_case "vocab: --input a directory" vocab --input "$in/folder" --save_vocab "$v"
run_case "vocab: --input a FIFO" vocab --input "$in/fifo" --save_vocab "$v"
run_case "vocab: --input under a file" vocab --input "$in/good.txt/x" --save_vocab "$v"
run_case "vocab: empty corpus" vocab --input "$in/empty.txt" --save_vocab "$v"
run_case "vocab: whitespace-only corpus" vocab --input "$in/blank.txt" --save_vocab "$v"
run_case "vocab: NUL byte in corpus" vocab --input "$in/nul.txt" --save_vocab "$v" --min_count 1
run_case "vocab: executable as corpus" vocab --input "$in/program.bin" --save_vocab "$v"
run_case "vocab: truncated gzip" vocab --input "$in/truncated.txt.gz" --save_vocab "$v"
run_case "vocab: corrupt gzip" vocab --input "$in/corrupt.txt.gz" --save_vocab "$v"
run_case "vocab: junk after gzip" vocab --input "$in/trailing.txt.gz" --save_vocab "$v"
run_case "vocab: stray comma in --input" vocab --input "$in/good.txt," --save_vocab "$v"
run_case "vocab: good and missing file" vocab --input "$in/good.txt,$in/absent.txt" --save_vocab "$v"
run_case "vocab: nothing above min_count" vocab --input "$in/rare.txt" --save_vocab "$v"
# vocab: flags.
run_case "vocab: no --input" vocab --save_vocab "$v"
run_case "vocab: no --save_vocab" vocab --input "$in/good.txt"
run_case "vocab: --min_count 0" vocab --input "$in/good.txt" --save_vocab "$v" --min_count 0
run_case "vocab: --max_vocab=-1" vocab --input "$in/good.txt" --save_vocab "$v" --max_vocab=-1
run_case "vocab: --threads 0" vocab --input "$in/good.txt" --save_vocab "$v" --threads 0
run_case "vocab: --save_vocab in a missing folder" vocab --input "$in/good.txt" --save_vocab "$out/no/v.txt"
run_case "vocab: --save_vocab is a directory" vocab --input "$in/good.txt" --save_vocab "$in/folder"
run_case "vocab: --save_vocab is the corpus" vocab --input "$in/good.txt" --save_vocab "$in/./good.txt"
run_case "vocab: stray argument" vocab --input "$in/good.txt" --save_vocab "$v" extra

# train: corpus and vocabulary files.
run_case "train: --input missing" train --input "$in/absent.txt" "${t[@]}"
run_case "train: --input a directory" train --input "$in/folder" "${t[@]}"
run_case "train: empty corpus" train --input "$in/empty.txt" "${t[@]}"
run_case "train: NUL byte in corpus" train --input "$in/nul.txt" "${t[@]}" --min_count 1
run_case "train: executable as corpus" train --input "$in/program.bin" "${t[@]}"
run_case "train: corrupt gzip" train --input "$in/corrupt.txt.gz" "${t[@]}"
run_case "train: truncated gzip" train --input "$in/truncated.txt.gz" "${t[@]}"
run_case "train: nothing above min_count" train --input "$in/rare.txt" "${t[@]}"
run_case "train: failed run keeps existing --output" train --input "$in/nul.txt" --output "$out/existing.txt" --min_count 1 --threads 1
run_case "train: --read_vocab missing" train --input "$in/good.txt" "${t[@]}" --read_vocab "$in/absent.txt"
run_case "train: --read_vocab count 0" train --input "$in/good.txt" "${t[@]}" --read_vocab "$in/vocab_zero.txt"
run_case "train: --read_vocab count -2" train --input "$in/good.txt" "${t[@]}" --read_vocab "$in/vocab_negative.txt"
run_case "train: --read_vocab non-numeric count" train --input "$in/good.txt" "${t[@]}" --read_vocab "$in/vocab_text.txt"
run_case "train: --read_vocab count overflows" train --input "$in/good.txt" "${t[@]}" --read_vocab "$in/vocab_overflow.txt"
run_case "train: --read_vocab counts sum overflows" train --input "$in/good.txt" "${t[@]}" --read_vocab "$in/vocab_sum.txt"
run_case "train: --read_vocab duplicate word" train --input "$in/good.txt" "${t[@]}" --read_vocab "$in/vocab_duplicate.txt"
run_case "train: --read_vocab binary" train --input "$in/good.txt" "${t[@]}" --read_vocab "$in/program.bin"
# train: flags (validated in tools/train_*.cc).
run_case "train: --dim 0" train --input "$in/good.txt" "${t[@]}" --dim 0
run_case "train: --window=-1" train --input "$in/good.txt" "${t[@]}" --window=-1
run_case "train: --negatives 0" train --input "$in/good.txt" "${t[@]}" --negatives 0
run_case "train: --epochs 0" train --input "$in/good.txt" "${t[@]}" --epochs 0
run_case "train: --threads 0" train --input "$in/good.txt" "${t[@]}" --threads 0
run_case "train: --lr=-1" train --input "$in/good.txt" "${t[@]}" --lr=-1
run_case "train: --sample=-1" train --input "$in/good.txt" "${t[@]}" --sample=-1
run_case "train: --objective bogus" train --input "$in/good.txt" "${t[@]}" --objective bogus
run_case "train: --output in a missing folder" train --input "$in/good.txt" "${t[@]}" --output "$out/no/vectors.txt"
run_case "train: --output under a file" train --input "$in/good.txt" "${t[@]}" --output "$in/good.txt/vectors.txt"
run_case "train: --output is the corpus" train --input "$in/good.txt" "${t[@]}" --output "$in/./good.txt"
run_case "train: --output is a directory" train --input "$in/good.txt" "${t[@]}" --output "$in/folder"

# nn: vector files.
q=(--queries "$in/questions.txt")
run_case "nn: --vectors missing" nn --vectors "$in/absent.txt"
run_case "nn: --vectors a directory" nn --vectors "$in/folder"
run_case "nn: empty vector file" nn --vectors "$in/empty.txt"
run_case "nn: header count above the rows" nn --vectors "$in/vec_count.txt"
run_case "nn: header dim above the rows" nn --vectors "$in/vec_dim.txt"
run_case "nn: header count 0" nn --vectors "$in/vec_zero.txt"
run_case "nn: header dim negative" nn --vectors "$in/vec_negative.txt"
run_case "nn: absurd header" nn --vectors "$in/vec_absurd.txt"
run_case "nn: three-number header" nn --vectors "$in/vec_header.txt"
run_case "nn: no header" nn --vectors "$in/vec_noheader.txt"
run_case "nn: short row" nn --vectors "$in/vec_short.txt"
run_case "nn: long row" nn --vectors "$in/vec_long.txt"
run_case "nn: non-numeric value" nn --vectors "$in/vec_text.txt"
run_case "nn: NaN value" nn --vectors "$in/vec_nan.txt"
run_case "nn: Inf value" nn --vectors "$in/vec_inf.txt"
run_case "nn: NUL byte in a word" nn --vectors "$in/vec_nul.txt"
run_case "nn: duplicate word" nn --vectors "$in/vec_duplicate.txt"
run_case "nn: truncated binary vectors" nn --vectors "$in/vec_binary_short.bin"
run_case "nn: truncated gzip vectors" nn --vectors "$in/vec_truncated.txt.gz"
run_case "nn: executable as vectors" nn --vectors "$in/program.bin"
# nn: flags.
run_case "nn: no --vectors" nn
run_case "nn: --k 0" nn --vectors "$in/vec.txt" --k 0
run_case "nn: --limit=-1" nn --vectors "$in/vec.txt" --limit=-1
run_case "nn: --queries missing" nn --vectors "$in/vec.txt" --queries "$in/absent.txt"
run_case "nn: --queries a directory" nn --vectors "$in/vec.txt" --queries "$in/folder"

# analogy.
run_case "analogy: --vectors with a NaN" analogy --vectors "$in/vec_nan.txt" "${q[@]}"
run_case "analogy: --k 0" analogy --vectors "$in/vec.txt" --k 0
run_case "analogy: --method bogus" analogy --vectors "$in/vec.txt" --method bogus
run_case "analogy: --queries missing" analogy --vectors "$in/vec.txt" --queries "$in/absent.txt"
run_case "analogy: --queries a directory" analogy --vectors "$in/vec.txt" --queries "$in/folder"

# eval.
e=(--vectors "$in/vec.txt")
run_case "eval: --analogies missing" eval "${e[@]}" --analogies "$in/absent.txt"
run_case "eval: --analogies a directory" eval "${e[@]}" --analogies "$in/folder"
run_case "eval: question before the first header" eval "${e[@]}" --analogies "$in/q_before_header.txt"
run_case "eval: no well-formed question" eval "${e[@]}" --analogies "$in/q_malformed.txt"
run_case "eval: NUL byte in analogy file" eval "${e[@]}" --analogies "$in/q_nul.txt"
run_case "eval: headers but no questions" eval "${e[@]}" --analogies "$in/q_headers_only.txt"
run_case "eval: empty analogy file" eval "${e[@]}" --analogies "$in/empty.txt"
run_case "eval: --similarity missing" eval "${e[@]}" --similarity "$in/absent.txt"
run_case "eval: --similarity a directory" eval "${e[@]}" --similarity "$in/folder"
run_case "eval: no well-formed pair" eval "${e[@]}" --similarity "$in/sim_malformed.txt"
run_case "eval: comments but no pairs" eval "${e[@]}" --similarity "$in/sim_comment.txt"
run_case "eval: good set then a bad one" eval "${e[@]}" --analogies "$in/questions.txt" --similarity "$in/sim.txt,$in/sim_malformed.txt"
run_case "eval: bad vectors" eval --vectors "$in/vec_inf.txt" --analogies "$in/questions.txt"
run_case "eval: --restrict_vocab 0" eval "${e[@]}" --analogies "$in/questions.txt" --restrict_vocab 0
run_case "eval: --similarity_restrict_vocab 0" eval "${e[@]}" --similarity "$in/sim.txt" --similarity_restrict_vocab 0
run_case "eval: --limit=-1" eval "${e[@]}" --analogies "$in/questions.txt" --limit=-1
NCE2VEC_EVAL_DIR=$in/folder run_case "eval: no sets and none by default" eval "${e[@]}"

# fastText models (--model_file) and the vectors command.
m=(--model_file "$in/model.bin")
run_case "nn: --model_file missing" nn --model_file "$in/absent.bin"
run_case "nn: --model_file a directory" nn --model_file "$in/folder"
run_case "nn: --model_file a word2vec file" nn --model_file "$in/vec.txt"
run_case "nn: truncated model" nn --model_file "$in/model_truncated.bin"
run_case "nn: model of another version" nn --model_file "$in/model_version.bin"
run_case "nn: quantised model" nn --model_file "$in/model_quantised.bin"
run_case "nn: bytes after the model" nn --model_file "$in/model_trailing.bin"
run_case "nn: --vectors and --model_file" nn --vectors "$in/vec.txt" "${m[@]}"
run_case "analogy: truncated model" analogy --model_file "$in/model_truncated.bin"
run_case "eval: truncated model" eval --model_file "$in/model_truncated.bin" --similarity "$in/sim.txt"
run_case "vectors: no --model_file" vectors
run_case "vectors: --vectors instead" vectors --vectors "$in/vec.txt"
run_case "vectors: truncated model" vectors --model_file "$in/model_truncated.bin"
run_case "vectors: an executable as model" vectors --model_file "$in/program.bin"

echo "| case | exit | first line of stderr | written | result |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "$cases cases, $((cases - failures)) pass, $failures fail"
if [ "$failures" -gt 0 ]; then
  printf 'failed: %s\n' "${failed[@]}"
  exit 1
fi
