#!/usr/bin/env bash
# Downloads text8 (Matt Mahoney's first 10^8 bytes of cleaned English
# Wikipedia, 2006; the corpus of word2vec's demo scripts) and unpacks it.
# Needs internet access; on a machine without it, it fails with a clear
# message and leaves nothing half-written.
#
#   corpora/get_text8.sh [--url URL] OUTDIR
#
# Outputs: OUTDIR/text8.zip and OUTDIR/text8 (100,000,000 bytes: lowercase a-z
# words separated by single spaces, ONE line without a trailing newline;
# trainers cut it into 1000-word sentences as word2vec.c does).
#
# Checks, before anything is renamed into place:
#   text8.zip  31,344,016 bytes, SHA-1 6c70299b93b7e1f927b42cd8f6ac1a31547c7a2e
#   text8      100,000,000 bytes, SHA-1 0dc3edebc970dcc96137e7deda4d9995af9d93de
# The sizes are the ones every published loader checks; the two SHA-1 values
# are those published with GluonNLP's text8 dataset definition (we could not
# download the file here to compute them ourselves). A mismatch is an error.
# Existing files that pass the checks are reused without downloading.
set -euo pipefail

readonly ZIP_BYTES=31344016
readonly ZIP_SHA1=6c70299b93b7e1f927b42cd8f6ac1a31547c7a2e
readonly TXT_BYTES=100000000
readonly TXT_SHA1=0dc3edebc970dcc96137e7deda4d9995af9d93de

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}
die() { echo "get_text8.sh: error: $*" >&2; exit 1; }

url=http://mattmahoney.net/dc/text8.zip
outdir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) [[ $# -ge 2 ]] || die "--url needs a URL"; url=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "get_text8.sh: error: unknown flag '$1'" >&2; usage >&2; exit 2 ;;
    *) [[ -z "$outdir" ]] || die "more than one OUTDIR given ('$outdir', '$1')"; outdir=$1 ;;
  esac
  shift
done
[[ -n "$outdir" ]] || { echo "get_text8.sh: error: OUTDIR is required" >&2; usage >&2; exit 2; }
mkdir -p "$outdir" || die "cannot create $outdir"

# check FILE BYTES SHA1: true when FILE exists with that size and checksum.
check() {
  [[ -f "$1" ]] && [[ $(stat -c %s "$1") -eq $2 ]] && echo "$3  $1" | sha1sum --check --status -
}

if check "$outdir/text8" $TXT_BYTES $TXT_SHA1; then
  echo "get_text8.sh: $outdir/text8 already present and verified" >&2
  exit 0
fi

zip="$outdir/text8.zip"
if ! check "$zip" $ZIP_BYTES $ZIP_SHA1; then
  part=$(mktemp "$outdir/.text8.zip.XXXXXX")
  trap 'rm -f "$part"' EXIT
  echo "get_text8.sh: downloading $url" >&2
  if command -v curl >/dev/null; then
    fetch=(curl --fail --location --silent --show-error --connect-timeout 20 --max-time 1800 -o "$part" "$url")
  elif command -v wget >/dev/null; then
    fetch=(wget --quiet --timeout=20 --tries=2 -O "$part" "$url")
  else
    die "neither curl nor wget is installed (apt-get install curl)"
  fi
  "${fetch[@]}" || die "download of $url failed (no internet access? a proxy?). Fetch text8.zip by other means, put it in $outdir/ and rerun: it is then checked and unpacked without downloading"
  size=$(stat -c %s "$part")
  [[ $size -eq $ZIP_BYTES ]] || die "downloaded $size bytes, expected $ZIP_BYTES: not text8.zip (an error page?)"
  echo "$ZIP_SHA1  $part" | sha1sum --check --status - || die "text8.zip has the right size but not the expected SHA-1 $ZIP_SHA1"
  mv "$part" "$zip"
  trap - EXIT
fi

# Unpack with Python's zipfile (unzip may be missing), into a temporary file,
# verified before it is renamed to text8.
py=/usr/bin/python3
[[ -x $py ]] || py=$(command -v python3) || die "python3 is needed to unpack the zip"
tmp=$(mktemp "$outdir/.text8.XXXXXX")
trap 'rm -f "$tmp"' EXIT
"$py" - "$zip" "$tmp" <<'PY' || die "could not unpack $zip"
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    if "text8" not in z.namelist():
        sys.exit("text8.zip has no member 'text8' (members: %s)" % ", ".join(z.namelist()))
    with z.open("text8") as src, open(sys.argv[2], "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
PY
check "$tmp" $TXT_BYTES $TXT_SHA1 || die "unpacked text8 is not $TXT_BYTES bytes with SHA-1 $TXT_SHA1"
chmod 644 "$tmp"
mv "$tmp" "$outdir/text8"
trap - EXIT
echo "get_text8.sh: wrote $outdir/text8 ($TXT_BYTES bytes, verified)" >&2
