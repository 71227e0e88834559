// The bench's three figures, built from its results:
//   loss_vs_time.svg        each objective's training loss against wall time,
//                           one panel per objective, one line per sweep point;
//   perplexity_vs_<flag>.svg held-out perplexity against the swept flag (k by
//                           default) per objective, softmax as a line;
//   quality_vs_speed.svg    analogy accuracy (held-out perplexity when no
//                           analogy set was scored) against words/s/thread.
#ifndef NCE2VEC_BENCH_PLOTS_H_
#define NCE2VEC_BENCH_PLOTS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "src/bench/bench_result.h"
#include "src/bench/svg_plot.h"

namespace nce2vec {

struct NamedFigure {
  std::string file_name;  // "loss_vs_time.svg"
  Figure figure;
};

std::vector<NamedFigure> BenchFigures(const BenchReport& report);

// Writes every figure of `report` into `dir`, atomically; returns the paths.
absl::StatusOr<std::vector<std::string>> WriteBenchFigures(
    const BenchReport& report, const std::string& dir);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_PLOTS_H_
