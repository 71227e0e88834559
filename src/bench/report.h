// The bench's results as files and text: results.json for scripts,
// results.csv for spreadsheets, a markdown table for people.
#ifndef NCE2VEC_BENCH_REPORT_H_
#define NCE2VEC_BENCH_REPORT_H_

#include <string>

#include "src/bench/bench_result.h"

namespace nce2vec {

// {"nce2vec_version", "command_line", "seed", ..., "runs": [...]}: one object
// per run with at least objective, negatives, seconds,
// words_per_sec_per_thread, peak_rss_mb, heldout_loglik, heldout_perplexity,
// heldout_perplexity_self_normalized, log_z_mean, log_z_std, analogy_total,
// wordsim353_spearman, simlex999_spearman and loss_curve; null where a
// figure is not defined (negatives for an objective without noise words, a
// quality figure without its evaluation set).
std::string ResultsJson(const BenchReport& report);

// A header line and one line per run: the scalar columns of ResultsJson's
// runs (no loss curve), empty where JSON has null.
std::string ResultsCsv(const BenchReport& report);

// A GitHub markdown table, one row per run.
std::string MarkdownTable(const BenchReport& report);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_REPORT_H_
