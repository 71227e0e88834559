#!/usr/bin/env bash
# Builds a real English corpus from text shipped in Debian packages, for
# `make demo` and for experiments that need no network beyond Debian's mirrors.
#
#   corpora/build_debian_corpus.sh [--force] [--seed N] OUTDIR
#
# Sources (apt-get installs the packages that are missing, with sudo when not
# root):
#   wordnet  wordnet-base: one line per WordNet 3.0 synset: its lemmas, then
#            its gloss (definition and example sentences), so a word appears
#            next to the words that define it.
#   gcide    dict-gcide: the GNU Collaborative International Dictionary of
#            English (Webster 1913 + additions), one line per paragraph of an
#            entry; pronunciations (\...\), bracketed notes ([Obs.], [1913
#            Webster], etymologies), part-of-speech tags after headwords and
#            "--Author." citations are removed; the database header and
#            licence text are skipped.
#   bible    bible-kjv + bible-kjv-text: the King James Bible, one line per
#            verse, through the package's `bible` program.
#
# Normalisation: accents folded (NFKD), lowercase, every run of characters
# outside a-z becomes one space. Lines with fewer than 3 words are dropped
# (too little context to train on); lines longer than 1000 words are cut
# (word2vec.c and fastText truncate sentences there).
#
# Split: a line is held out when the first 8 bytes of SHA-256 over
# "nce2vec-heldout:" + its text, as an integer, are divisible by 97 (~1%). It
# depends only on the text, so identical lines never straddle the split and the
# split does not move with the seed.
#
# Order: the lines of all sources are shuffled by SHA-256 of (seed, source,
# line number) so that training sees the sources mixed (a dictionary in
# alphabetical order would starve late letters of learning rate).
#
# Outputs, each written to a temporary file and renamed into place:
#   OUTDIR/debian.txt          training text
#   OUTDIR/debian-heldout.txt  held-out text
#   OUTDIR/MANIFEST.txt        package versions, counts, sha256 of both files
# If all three exist, the checksums in MANIFEST.txt match and the installed
# package versions, seed and this script are the ones recorded, nothing is rebuilt (--force
# rebuilds). Same package versions + same seed = byte-identical outputs.
set -euo pipefail

readonly PACKAGES=(wordnet-base dict-gcide bible-kjv bible-kjv-text)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# usage [STATUS]: prints the header comment (to stderr when STATUS is non-zero).
usage() {
  if [[ "${1:-0}" -eq 0 ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  else
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  fi
  exit "${1:-0}"
}
die() { echo "build_debian_corpus.sh: error: $*" >&2; exit 1; }

force=0
seed=1
outdir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) force=1 ;;
    --seed)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--seed needs a non-negative integer"
      seed=$2; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "build_debian_corpus.sh: error: unknown flag '$1'" >&2; usage 2 ;;
    *) [[ -z "$outdir" ]] || die "more than one OUTDIR given ('$outdir', '$1')"; outdir=$1 ;;
  esac
  shift
done
[[ -n "$outdir" ]] || { echo "build_debian_corpus.sh: error: OUTDIR is required" >&2; usage 2; }
mkdir -p "$outdir" || die "cannot create $outdir"

# Debian's python3 (standard library only) does the text work; a pyenv shim
# earlier in PATH would also do, but the system one is always there on Debian.
py=/usr/bin/python3
[[ -x $py ]] || py=$(command -v python3) || die "python3 is needed (apt-get install python3)"

installed_versions() {
  dpkg-query -W -f='${Package} ${Version} ${Status}\n' "${PACKAGES[@]}" 2>/dev/null |
    awk '$NF == "installed" { print $1, $2 }' | sort
}

# --- reuse ---------------------------------------------------------------------
manifest="$outdir/MANIFEST.txt"
if [[ $force -eq 0 && -f "$manifest" && -f "$outdir/debian.txt" && -f "$outdir/debian-heldout.txt" ]]; then
  if grep -qx "seed $seed" "$manifest" &&
     grep -qx "script-sha256 $(sha256sum "$here/build_debian_corpus.sh" | cut -d' ' -f1)" "$manifest" &&
     diff -q <(sed -n 's/^package //p' "$manifest") <(installed_versions) >/dev/null &&
     (cd "$outdir" && sed -n 's/^sha256 //p' MANIFEST.txt | sha256sum --check --status -); then
    echo "build_debian_corpus.sh: $outdir is up to date (checksums match MANIFEST.txt); --force rebuilds" >&2
    exit 0
  fi
  echo "build_debian_corpus.sh: $outdir is stale or changed; rebuilding" >&2
fi

# --- packages ------------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "build_debian_corpus.sh: installing ${missing[*]}" >&2
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root or sudo to install ${missing[*]}"
    sudo=sudo
  fi
  # Try without refreshing the package lists first (fast, works offline when
  # the lists are fresh), then with a refresh.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
    { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; } ||
    die "could not install ${missing[*]}"
fi
[[ -r /usr/share/wordnet/data.noun ]] || die "wordnet-base is installed but /usr/share/wordnet/data.noun is missing"
[[ -r /usr/share/dictd/gcide.dict.dz ]] || die "dict-gcide is installed but /usr/share/dictd/gcide.dict.dz is missing"
command -v bible >/dev/null || die "bible-kjv is installed but the 'bible' program is not in PATH"

tmp=$(mktemp -d "$outdir/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The bible program prints "Book1:1 text" per verse; Genesis 1:1 to Revelation
# 22:21 is the whole book, and 31,102 verses is the KJV's count.
bible -f gen1:1-rev22:21 </dev/null >"$tmp/bible.raw"
n=$(wc -l <"$tmp/bible.raw")
[[ $n -eq 31102 ]] || die "bible printed $n verses, expected 31102"
zcat /usr/share/dictd/gcide.dict.dz >"$tmp/gcide.raw"

"$py" - "$tmp" "$seed" <<'PY'
import hashlib, os, re, sys, unicodedata

tmp, seed = sys.argv[1], sys.argv[2]
MIN_WORDS, MAX_WORDS = 3, 1000

def normalise(text):
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", " ", text.lower()).split()

def wordnet():
    for pos in ("noun", "verb", "adj", "adv"):
        with open("/usr/share/wordnet/data." + pos, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(" "):      # licence header lines start with two spaces
                    continue
                head, sep, gloss = line.partition(" | ")
                if not sep:
                    continue
                fields = head.split()
                count = int(fields[3], 16)    # number of lemmas, in hex
                lemmas = [re.sub(r"\(.*?\)$", "", w).replace("_", " ") for w in fields[4:4 + 2 * count:2]]
                yield " ".join(lemmas) + " " + gloss

HEADWORD = re.compile(r"^[^\s\\][^\\]*\\[^\\]*\\")
# The head of an entry: one or more "Word \Pro*nun"ci*a`tion\ (respelling),".
PRON_TAIL = r"(?:\s*\([^()\n]*\))?[\s,]*"
ENTRY_HEAD = re.compile(r"^[^\s\\][^\\]*\\[^\\]*\\" + PRON_TAIL + r"(?:[^\\\n]{0,60}\\[^\\\n]*\\" + PRON_TAIL + ")*")
# \Pro*nun"ci*a`tion\ with the phonetic respelling "(pr[-o]*n...)" that may follow.
PRONUNCIATION = re.compile(r"\\[^\\\n]*\\(?:\s*\([^()\n]*\))?")
POS_RUN = r"(?:[\s,;&]*(?:prop|n|v|t|i|a|adv|adj|prep|conj|interj|pron|pl|sing|p|pr|imp|vb|superl|compar|obs)\.)+"
POS_TAGS = re.compile("^" + POS_RUN)
POS_AFTER_BRACE = re.compile(r"\}" + POS_RUN)   # {Derived*ness}, n.
SYN_LABEL = re.compile(r"\b(?:Syn|Note|Usage)\s*\.?\s*:")
# A short bracket code glued to a letter, as GCIDE writes accents ("caf['e]"):
# keep its letters; any other [...] is an editorial note and goes.
CHAR_CODE = re.compile(r"(?<=[A-Za-z])\[[^\]\s]{1,6}\]|\[[^\]\s]{1,6}\](?=[A-Za-z])")
BRACKETS = re.compile(r"\[[^\[\]]*\]")
# "--Shak.", "--Deut. xxii. 19.": author or book, then chapter and verse if any.
CITATION = re.compile(r"--\s?[A-Z][A-Za-z&' ]*?\.(?:\s*[ivxlc]+\.)?(?:\s*\d+\.?)?(?=\s|$|,|;)")
STRESS = re.compile(r"(?<=[A-Za-z])[\"*`'](?=[A-Za-z])")

def clean_gcide(block, is_entry_start):
    if is_entry_start:
        m = ENTRY_HEAD.match(block)
        head = block[:m.end()]
        head = PRONUNCIATION.sub(" ", head)
        rest = POS_TAGS.sub(" ", block[m.end():].lstrip(" ,"))
        block = head + " " + rest
    block = PRONUNCIATION.sub(" ", block)
    block = CHAR_CODE.sub(lambda m: re.sub(r"[^A-Za-z]|mac|um|ring|sl|dd|cr", "", m.group(0)) or "", block)
    prev = None
    while prev != block:                      # innermost first: handles nesting
        prev, block = block, BRACKETS.sub(" ", block)
    block = block.replace("[", " ").replace("]", " ")
    block = CITATION.sub(" ", block)
    block = POS_AFTER_BRACE.sub("}", block)
    block = SYN_LABEL.sub(" ", block)
    block = STRESS.sub("", block).replace("{", " ").replace("}", " ")
    return block

def gcide():
    with open(os.path.join(tmp, "gcide.raw"), encoding="utf-8", errors="replace") as f:
        text = f.read()
    in_entry = False
    for block in re.split(r"\n[ \t]*\n", text):
        if not block.strip():
            continue
        if HEADWORD.match(block):
            in_entry = True
            yield clean_gcide(block, True)
        elif block[0] in " \t" and in_entry:
            yield clean_gcide(block, False)
        else:
            # Unindented text that is no headword: the 00-database header
            # entries and the licence notes between letters.
            in_entry = False

def bible():
    with open(os.path.join(tmp, "bible.raw"), encoding="utf-8", errors="replace") as f:
        for line in f:
            yield line.split(" ", 1)[1] if " " in line else ""

def h8(data):
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")

train, held, stats = [], [], []
for name, gen in (("wordnet", wordnet), ("gcide", gcide), ("bible", bible)):
    s = {"lines_in": 0, "words_in": 0, "dropped_words": 0, "train_lines": 0, "train_words": 0,
         "heldout_lines": 0, "heldout_words": 0}
    n = 0
    for raw in gen():
        s["lines_in"] += 1
        words = normalise(raw)
        s["words_in"] += len(words)
        for i in range(0, max(len(words), 1), MAX_WORDS):
            piece = words[i:i + MAX_WORDS]
            if len(piece) < MIN_WORDS:
                s["dropped_words"] += len(piece)
                continue
            line = " ".join(piece)
            key = h8(("%s:%s:%d" % (seed, name, n)).encode())
            n += 1
            part = "heldout" if h8(b"nce2vec-heldout:" + line.encode()) % 97 == 0 else "train"
            (held if part == "heldout" else train).append((key, line))
            s[part + "_lines"] += 1
            s[part + "_words"] += len(piece)
    stats.append((name, s))

def write(path, rows):
    rows.sort()
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for _, line in rows:
            f.write(line + "\n")

write(os.path.join(tmp, "debian.txt"), train)
write(os.path.join(tmp, "debian-heldout.txt"), held)
with open(os.path.join(tmp, "stats.txt"), "w") as f:
    cols = ["lines_in", "words_in", "dropped_words", "train_lines", "train_words", "heldout_lines", "heldout_words"]
    f.write("# source " + " ".join(cols) + "\n")
    total = {c: 0 for c in cols}
    for name, s in stats:
        f.write("source %-8s %s\n" % (name, " ".join("%9d" % s[c] for c in cols)))
        for c in cols:
            total[c] += s[c]
    f.write("source %-8s %s\n" % ("total", " ".join("%9d" % total[c] for c in cols)))
PY

{
  echo "# nce2vec Debian corpus, built by corpora/build_debian_corpus.sh"
  echo "script-sha256 $(sha256sum "$here/build_debian_corpus.sh" | cut -d' ' -f1)"
  echo "python $("$py" -c 'import platform; print(platform.python_version())')"
  echo "seed $seed"
  installed_versions | sed 's/^/package /'
  cat "$tmp/stats.txt"
  for f in debian.txt debian-heldout.txt; do
    echo "words $f $(wc -l <"$tmp/$f") lines $(wc -w <"$tmp/$f") words"
  done
  (cd "$tmp" && sha256sum debian.txt debian-heldout.txt | sed 's/^/sha256 /')
} >"$tmp/MANIFEST.txt"

# Rename the data first and the manifest last: a manifest only ever describes
# files that are fully in place.
mv "$tmp/debian.txt" "$outdir/debian.txt"
mv "$tmp/debian-heldout.txt" "$outdir/debian-heldout.txt"
mv "$tmp/MANIFEST.txt" "$manifest"
cat "$manifest"
