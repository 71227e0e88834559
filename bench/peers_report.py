#!/usr/bin/env python3
"""Turns bench/peers.sh's results.jsonl into a markdown report on stdout.

    peers_report.py RESULTS.jsonl

One row per run: wall seconds, words/s/thread (corpus words x epochs / wall
seconds / threads), peak RSS, and the scores of shared/eval/eval_vectors.py
(analogy accuracy over the evaluated questions and over all 19,544, WordSim-353
and SimLex-999 Spearman). Then, for each nce2vec run, its wall time as a ratio to
each peer's with the same kind of loss (hierarchical softmax against the peers'
hs, every other objective against their negative sampling; below 1 means
nce2vec is faster) and its throughput ratio, which is the fair one when the
epochs differ; nce2vec's hs is also compared with its own sgns. Standard
library only.
"""
import json
import os
import sys

LOAD_WARN = 0.5  # 1-minute load average above which a timing is not clean


def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: peers_report.py RESULTS.jsonl")
    rows = []
    with open(sys.argv[1], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as e:
                    sys.exit("error: %s:%d: not JSON: %s" % (sys.argv[1], n, e))
    if not rows:
        sys.exit("error: %s has no results" % sys.argv[1])

    r0 = rows[0]
    out = ["# Side-by-side: nce2vec and its peers", "",
           "Corpus: %d words; skip-gram, dim 100, window 5, 5 negatives (none for hs), min-count 5, "
           "sample 1e-4, %d threads; learning rate %s. Wall = whole process (read, vocabulary, train, write)." % (
               r0["corpus_words"], r0["threads"],
               os.environ.get("PEERS_LR") or "each system's default (nce2vec, gensim 0.025; fastText 0.05)"),
           "",
           "| system | objective | epochs | wall s | words/s/thread | peak RSS MiB | vocab | analogy total | "
           "analogy total_all | WS-353 ρ | SimLex-999 ρ | load before |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        s = r.get("scores", {})
        an = s.get("analogy", {})
        out.append("| %s | %s | %d | %.1f | %s | %.0f | %s | %s | %s | %s | %s | %.2f |" % (
            r["system"], r["objective"], r["epochs"], r["wall_s"], format(r["words_per_sec_per_thread"], ","),
            r["peak_rss_mib"], fmt(s.get("vocab"), ","), fmt(an.get("total"), ".4f"),
            fmt(an.get("total_all"), ".4f"), fmt(s.get("wordsim353", {}).get("spearman"), ".3f"),
            fmt(s.get("simlex999", {}).get("spearman"), ".3f"), r["load_before"]))

    ours = [r for r in rows if r["system"] == "nce2vec"]
    peers = [r for r in rows if r["system"] != "nce2vec"]
    out.append("")
    if ours and peers:
        out += ["| nce2vec objective | vs | wall ratio (nce2vec / other) | throughput ratio (nce2vec / other) |",
                "| --- | --- | ---: | ---: |"]
        for o in ours:
            # The peers' run with the same kind of loss (their objective is hs or sgns).
            loss = "hs" if o["objective"] == "hs" else "sgns"
            others = [p for p in peers if p["objective"] == loss]
            if loss == "hs":
                others += [r for r in ours if r["objective"] == "sgns"]
            for p in others:
                wall = "%.2f" % (o["wall_s"] / p["wall_s"])
                if o["epochs"] != p["epochs"]:
                    wall += " (epochs differ: %d vs %d)" % (o["epochs"], p["epochs"])
                out.append("| %s | %s %s | %s | %.2f |" % (o["objective"], p["system"], p["objective"], wall,
                           o["words_per_sec_per_thread"] / p["words_per_sec_per_thread"]))
    elif not ours:
        out.append("No nce2vec row (not built yet, or it failed): no ratios.")
    else:
        out.append("No peer row (skipped, or failed): no ratios.")
    busy = [r for r in rows if max(r["load_before"], r["load_after"]) > LOAD_WARN]
    if busy:
        out += ["", "**Warning:** the machine was busy (1-minute load up to %.2f) during %d of %d runs: "
                "these timings are not final." % (max(max(r["load_before"], r["load_after"]) for r in busy),
                                                  len(busy), len(rows))]
    print("\n".join(out))


if __name__ == "__main__":
    main()
