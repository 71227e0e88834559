#!/usr/bin/env bash
# Writes nce2vec's man page, gzip-compressed, from the binary's own help:
# help2man over `nce2vec --help` and `nce2vec --version`, with a COMMANDS
# section made of `nce2vec help COMMAND` for every command `--help` lists.
# The flags' definitions (ABSL_FLAG in tools/) are thus the page's only
# source; CMakeLists.txt runs this after each build of the binary.
#
#   bash tools/man_page.sh NCE2VEC OUT.1.gz
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 NCE2VEC OUT.1.gz" >&2; exit 2; }
nce2vec=$1
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# roff-escapes stdin: backslashes, and hyphens so that --flag is copied as
# typed.
roff() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g'; }

commands=$("$nce2vec" --help | awk '/^commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }')
[[ -n "$commands" ]] || { echo "$0: no commands in '$nce2vec --help'" >&2; exit 1; }

{
  echo "[SYNOPSIS]"
  # (A line of the include file that starts with "[" opens a section.)
  echo '\fBnce2vec\fR \fICOMMAND\fR [\fB\-\-flag\fR=\fIvalue\fR ...]'
  echo '.br'
  echo '\fBnce2vec help\fR [\fICOMMAND\fR]'
  echo '.br'
  echo '\fBnce2vec \-\-version\fR'
  echo "[COMMANDS]"
  for command in $commands; do
    echo ".SS \"nce2vec $command\""
    # "nce2vec CMD: summary", a blank line, "flags:", then per flag
    # "  --name (default: value)" and its help indented by six spaces. A
    # text line that starts with a dot or a quote would be a request: \&
    # keeps it text.
    "$nce2vec" help "$command" | roff | awk -v cmd="$command" '
      function text(s) { sub(/^ +/, "", s); if (s ~ /^[.\047]/) s = "\\&" s; print s }
      NR == 1 { sub("^nce2vec " cmd ": ", ""); text($0); next }
      /^  \\-\\-/ { line = $0; sub(/^  /, "", line); sub(/ /, "\\fR ", line)
                     print ".TP"; print "\\fB" line; next }
      /^      / { text($0) }'
  done
  cat <<'ROFF'
[ENVIRONMENT]
.TP
.B NCE2VEC_EVAL_DIR
The folder of the evaluation sets when \fB\-\-eval_dir\fR is not given.
[FILES]
.TP
.I PREFIX/share/nce2vec/eval/
The standard analogy and word-similarity sets (Google analogies,
WordSim-353 and its two halves, SimLex-999, MEN, Stanford Rare Words),
found through the binary's own location, and a README with each set's
source, citation and licence. Without \fB\-\-eval_dir\fR or
\fBNCE2VEC_EVAL_DIR\fR, \fBeval\fR scores all of them and \fBbench\fR
reports analogy accuracy and WordSim-353 and SimLex-999 correlations.
[EXIT STATUS]
0 on success, 2 for a usage error (a flag, argument or file name the
command cannot take), 130 when interrupted, 1 for every other failure
(wrong file contents, diverged training, a refusal of the system).
ROFF
} >"$work/include"

# Only the first line of --version: the rest describes this build (CPU,
# OpenBLAS core), not the program.
version=$("$nce2vec" --version | head -n 1)
help2man --no-info --section=1 --locale=C.UTF-8 --version-string="${version#nce2vec }" \
  --name="train word vectors and compare training objectives" \
  --help-option=--help \
  --include="$work/include" --output="$work/nce2vec.1" "$nce2vec"
gzip -9n <"$work/nce2vec.1" >"$out.tmp"
mv "$out.tmp" "$out"
