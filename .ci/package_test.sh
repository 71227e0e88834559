#!/usr/bin/env bash
# Checks the Debian package `make deb` built as a user would meet it:
#   1. its Depends name every package dpkg-shlibdeps finds for the binary's
#      libraries, and no -dev package;
#   2. `apt-get install ./nce2vec_*.deb` installs it with those;
#   3. the installed /usr/bin/nce2vec, run from an empty folder with no
#      NCE2VEC_EVAL_DIR, prints its version, trains on a small corpus,
#      answers a query, and `nce2vec eval --vectors V` with no other flag
#      scores V on every set installed in /usr/share/nce2vec/eval;
#   4. `man nce2vec` renders without a warning and shows every command.
# Then it removes the package and any package its installation added, so
# the machine is left as it was found.
#
#   bash .ci/package_test.sh DEB
set -euo pipefail
[[ $# -eq 1 && -f "$1" ]] || { echo "usage: $0 nce2vec_VERSION_ARCH.deb" >&2; exit 2; }
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fail() { echo "package_test: FAIL: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
sudo=""
[[ $(id -u) -eq 0 ]] || sudo=sudo
apt_get() { $sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -qq "$@"; }
work=$(mktemp -d)
installed_packages() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" { print $2 }' | sort; }
installed_packages >"$work/before"
cleanup() {
  local status=$?
  if [[ -f "$work/installed" ]]; then
    # Whatever the installation added (nce2vec and missing dependencies).
    installed_packages >"$work/after"
    mapfile -t added < <(comm -13 "$work/before" "$work/after")
    if [[ ${#added[@]} -gt 0 ]]; then
      echo "package_test: removing ${added[*]}"
      apt_get remove "${added[@]}" >/dev/null || status=1
    fi
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

step "package: $(basename "$deb")"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\):/  \1:/p'
depends=$(dpkg-deb --field "$deb" Depends)
if grep -Eq '(^|[ ,|])[a-z0-9.+-]+-dev( |,|$)' <<<"$depends"; then
  fail "Depends names a -dev package: $depends"
fi
# What Debian's own tool says the binary's libraries need (dpkg-shlibdeps, of
# dpkg-dev, reads the packages' shlibs files): each of those packages must be
# named in Depends.
dpkg-deb --extract "$deb" "$work/root"
binary=$work/root/usr/bin/nce2vec
[[ -x "$binary" ]] || fail "the package has no usr/bin/nce2vec"
mkdir -p "$work/shlibdeps/debian"
touch "$work/shlibdeps/debian/control"
needed=$(cd "$work/shlibdeps" && dpkg-shlibdeps -O "$binary" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n "$needed" ]] || fail "dpkg-shlibdeps found nothing for usr/bin/nce2vec"
names() { tr ',|' '\n\n' | awk 'NF { print $1 }' | sort -u; }
missing=$(comm -23 <(names <<<"$needed") <(names <<<"$depends") | paste -sd' ')
[[ -z "$missing" ]] || fail "Depends lacks $missing (dpkg-shlibdeps: $needed)"
echo "  Depends names every package dpkg-shlibdeps finds for usr/bin/nce2vec"
for path in usr/share/nce2vec/eval/questions-words.txt usr/share/nce2vec/eval/README.md \
            usr/share/man/man1/nce2vec.1.gz; do
  [[ -f "$work/root/$path" ]] || fail "the package has no $path"
done

step "apt-get install ./$(basename "$deb")"
dpkg-query -W -f='${Status}' nce2vec 2>/dev/null | grep -q 'ok installed' &&
  fail "nce2vec is installed already; remove it first (apt-get remove nce2vec)"
touch "$work/installed"
apt_get install "$deb"
[[ $(command -v nce2vec) == /usr/bin/nce2vec ]] || fail "nce2vec on PATH is $(command -v nce2vec), not /usr/bin/nce2vec"

# From an empty folder with no NCE2VEC_EVAL_DIR: nothing of the source tree
# can help the installed binary.
cd "$work"
unset NCE2VEC_EVAL_DIR

step "nce2vec --version"
nce2vec --version | tee version.txt
head -n 1 version.txt | grep -Eq '^nce2vec [0-9]+\.[0-9]+\.[0-9]+$' || fail "first line of --version"
grep -q '^MPI: ' version.txt || fail "--version does not report MPI"

step "nce2vec train on a small corpus: the words of the evaluation sets"
# Every pair and question as a sentence, so that each set has words to score.
cat /usr/share/nce2vec/eval/*.txt | grep -v '^[#:]' | tr 'A-Z\t' 'a-z ' |
  awk '{ line = ""; for (i = 1; i <= NF; i++) if ($i !~ /^[0-9.]+$/) line = line (line == "" ? "" : " ") $i
         if (line != "") print line }' >corpus.txt
echo "  corpus: $(wc -l <corpus.txt) lines, $(wc -w <corpus.txt) words"
nce2vec train --input corpus.txt --output vectors.txt --format text --min_count 1 \
  --dim 50 --epochs 2 --threads 2 --seed 1
[[ -s vectors.txt ]] || fail "train wrote no vectors"
echo king | nce2vec nn --vectors vectors.txt --k 3

step "nce2vec eval --vectors vectors.txt (no other flag)"
nce2vec eval --vectors vectors.txt | tee eval.txt
grep -q '^analogies: /usr/share/nce2vec/eval/questions-words.txt ' eval.txt ||
  fail "eval did not use the installed analogy set"
grep -Eq 'accuracy [0-9.]+% over [1-9][0-9]* evaluated questions' eval.txt ||
  fail "no analogy question was evaluated"
for set in wordsim353 simlex999 men3000 rw2034 wordsim353-sim wordsim353-rel; do
  grep -Eq "^  $set +[0-9]+ +[0-9]+ +[0-9.]+% +-?[0-9.]+ " eval.txt || fail "eval did not score $set"
done

step "man nce2vec"
[[ -f /usr/share/man/man1/nce2vec.1.gz ]] ||
  fail "the man page was not installed; is /usr/share/man excluded by /etc/dpkg/dpkg.cfg.d?"
command -v man >/dev/null || apt_get install man-db
MANWIDTH=80 man nce2vec >man.txt 2>man.err
[[ ! -s man.err ]] || { cat man.err >&2; fail "man nce2vec warns"; }
MANWIDTH=80 man --warnings=all nce2vec 2>man.err >/dev/null
[[ ! -s man.err ]] || { cat man.err >&2; fail "groff warns about the man page"; }
head -n 12 man.txt
for command in vocab nn analogy eval train bench; do
  grep -q "^   nce2vec $command\$" man.txt || fail "the man page has no section for nce2vec $command"
done
grep -q -- '--eval_dir' man.txt || fail "the man page does not list --eval_dir"
echo
echo "package_test: the installed package works"
