#!/usr/bin/env python3
"""Writes a synthetic corpus whose word clusters are known, for tests and demos.

    synthetic_corpus.py --output corpus.txt [--truth truth.tsv] [--words N]
                        [--clusters K] [--cluster-size M] [--function-words F]
                        [--sentence-length L] [--noise P] [--zipf S] [--seed N]

Structure (the ground truth a good embedding should recover):
  * K topics ("clusters"), each with M content words named <letters><digits>,
    e.g. "baq07"; the letters name the cluster and the digits the word's rank
    inside it, so a word's cluster can be read off in a printout too.
  * F global function words ("fa", "fb", ...) shared by every topic.
  * Each line is one sentence of L words (L varies by +-25%). A sentence
    picks one topic uniformly at random. Each position is then
      - a function word with probability 0.2 (Zipfian over the F words),
      - otherwise, with probability --noise P, a content word of a random
        other topic (so the task is not trivially separable),
      - otherwise a content word of the sentence's topic, drawn with a
        Zipfian law of exponent S over the topic's words (rank r has weight
        1/r^S), so each topic has frequent and rare words like real text.
  * Expected result: with enough data each content word's nearest neighbours
    (cosine) are words of its own cluster; function words have no cluster.

Ground truth (--truth, default OUTPUT with ".truth.tsv" appended): one line
per content word, "word<TAB>cluster_id" (0-based), sorted by cluster then
rank. Function words are listed with cluster "-1". A header line starts
with "#".

Deterministic: the same flags and seed give byte-identical files on any
platform with Python 3 (random.Random(int) and random() are stable across
versions; this script uses only random() and its own Zipf sampling). Outputs
are written to temporary files and renamed into place. Standard library only.
"""
import argparse
import bisect
import itertools
import os
import random
import string
import sys
import tempfile

FUNCTION_PROB = 0.2


def cluster_name(k):
    # 0 -> "baa", 1 -> "bab", ...: three letters, starting with "b" so that
    # no cluster name collides with the function words "f.." (K <= 676).
    letters = string.ascii_lowercase
    return "b" + letters[k // 26] + letters[k % 26]


def function_word(i):
    letters = string.ascii_lowercase
    return "f" + letters[i % 26] + ("" if i < 26 else str(i // 26))


class Zipf:
    """Draws ranks 0..n-1 with weight 1/(rank+1)^s by inverse CDF, using only random()."""

    def __init__(self, n, s):
        weights = [1.0 / (r + 1) ** s for r in range(n)]
        total = sum(weights)
        self.cdf = list(itertools.accumulate(w / total for w in weights))
        self.cdf[-1] = 1.0

    def draw(self, rng):
        return bisect.bisect_right(self.cdf, rng.random())


def positive_int(s):
    v = int(s)
    if v < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return v


def probability(s):
    v = float(s)
    if not 0.0 <= v < 1.0:
        raise argparse.ArgumentTypeError("must be in [0, 1)")
    return v


def atomic_write(path, write_fn):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp.", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as f:
            write_fn(f)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--output", required=True, help="corpus file to write")
    p.add_argument("--truth", help="ground-truth file (default OUTPUT.truth.tsv)")
    p.add_argument("--words", type=positive_int, default=1_000_000, help="corpus size in words (default 1000000)")
    p.add_argument("--clusters", type=positive_int, default=20, help="number of topics K (default 20)")
    p.add_argument("--cluster-size", type=positive_int, default=50, help="content words per topic M (default 50)")
    p.add_argument("--function-words", type=positive_int, default=20, help="global function words F (default 20)")
    p.add_argument("--sentence-length", type=positive_int, default=12, help="mean words per line L (default 12)")
    p.add_argument("--noise", type=probability, default=0.1,
                   help="share of content words drawn from another topic (default 0.1)")
    p.add_argument("--zipf", type=float, default=1.0, help="Zipf exponent S within a topic (default 1.0)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    a = p.parse_args()
    if a.clusters > 26 * 26:
        p.error("--clusters must be at most %d" % (26 * 26))
    if a.noise > 0 and a.clusters < 2:
        p.error("--noise needs at least 2 clusters (use --noise 0)")
    if a.zipf < 0:
        p.error("--zipf must be >= 0")
    truth = a.truth or a.output + ".truth.tsv"
    if os.path.abspath(truth) == os.path.abspath(a.output):
        p.error("--truth must differ from --output")
    for path in (a.output, truth):
        d = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(d):
            p.error("directory %s does not exist" % d)

    width = len(str(a.cluster_size - 1))
    vocab = [["%s%0*d" % (cluster_name(k), width, r) for r in range(a.cluster_size)] for k in range(a.clusters)]
    funcs = [function_word(i) for i in range(a.function_words)]
    topic_zipf = Zipf(a.cluster_size, a.zipf)
    func_zipf = Zipf(a.function_words, 1.0)
    lo = max(2, round(a.sentence_length * 0.75))
    hi = max(lo, round(a.sentence_length * 1.25))
    rng = random.Random(a.seed)

    def write_corpus(f):
        written = 0
        while written < a.words:
            topic = int(rng.random() * a.clusters)
            n = min(lo + int(rng.random() * (hi - lo + 1)), a.words - written)
            out = []
            for _ in range(n):
                u = rng.random()
                if u < FUNCTION_PROB:
                    out.append(funcs[func_zipf.draw(rng)])
                    continue
                k = topic
                if rng.random() < a.noise:
                    # another topic, uniformly among the K-1 others
                    k = (topic + 1 + int(rng.random() * (a.clusters - 1))) % a.clusters
                out.append(vocab[k][topic_zipf.draw(rng)])
            f.write(" ".join(out) + "\n")
            written += n

    def write_truth(f):
        f.write("# word\tcluster (-1: function word); clusters=%d cluster_size=%d seed=%d\n"
                % (a.clusters, a.cluster_size, a.seed))
        for k, words in enumerate(vocab):
            for w in words:
                f.write("%s\t%d\n" % (w, k))
        for w in funcs:
            f.write("%s\t-1\n" % w)

    atomic_write(a.output, write_corpus)
    atomic_write(truth, write_truth)
    print("wrote %s (%d words, %d clusters x %d words + %d function words) and %s"
          % (a.output, a.words, a.clusters, a.cluster_size, a.function_words, truth), file=sys.stderr)


if __name__ == "__main__":
    main()
