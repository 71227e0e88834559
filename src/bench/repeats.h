// Runs repeated over seeds: which figures are averaged, and how.
#ifndef NCE2VEC_BENCH_REPEATS_H_
#define NCE2VEC_BENCH_REPEATS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "src/bench/bench_result.h"

namespace nce2vec {

// A figure of a run that differs from seed to seed.
struct RepeatedFigure {
  absl::string_view key;  // its name in results.json
  double& (*field)(RunRecord& record);
};

// The figures averaged over seeds, each with its spread.
const std::vector<RepeatedFigure>& RepeatedFigures();
// The index of `key` in RepeatedFigures(), or -1.
int RepeatedFigureIndex(absl::string_view key);

// One record for the repeats of one planned run (the same configuration
// with different seeds): the first's record with every RepeatedFigure
// replaced by the mean over the repeats and `spread` by their sample
// standard deviations (n - 1), `seeds` the repeats' seeds in order. The loss
// curve is the first seed's. A figure that is NaN for some repeat (a run
// with no likelihood, or a diverged one) is NaN. If some repeat failed,
// the record fails with the failed seeds' messages; `cached` only if every
// repeat was. REQUIRES: repeats non-empty.
RunRecord CombineRepeats(std::vector<RunRecord> repeats);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_REPEATS_H_
