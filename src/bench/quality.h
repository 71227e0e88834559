// Word-vector quality for the bench, through the query module's evaluators
// (src/query/): analogy accuracy on questions-words.txt and Spearman's rho
// on WordSim-353 and SimLex-999, scored as `nce2vec eval` scores them.
#ifndef NCE2VEC_BENCH_QUALITY_H_
#define NCE2VEC_BENCH_QUALITY_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/model/vectors_io.h"
#include "src/query/eval_sets.h"

namespace nce2vec {

// The standard sets found in a folder; "" for a set that is absent.
struct EvalSets {
  std::string analogies;   // questions-words.txt
  std::string wordsim353;  // wordsim353.txt
  std::string simlex999;   // simlex999.txt
  // One line per set that will not be scored, saying why.
  std::vector<std::string> notes;

  bool empty() const {
    return analogies.empty() && wordsim353.empty() && simlex999.empty();
  }
};

// The three sets the bench scores, out of those `found`, with a note for
// each one missing.
EvalSets QualitySets(const EvalSetFiles& found);

struct QualityResult {
  static constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
  // Accuracy over the questions evaluated (all four words among the first
  // 30000 rows), as gensim's evaluate_word_analogies; NaN when not scored.
  double analogy_total = kUndefined;
  int64_t analogy_evaluated = 0;
  int64_t analogy_questions = 0;
  double wordsim353_spearman = kUndefined;
  double simlex999_spearman = kUndefined;
  // Malformed lines the evaluators skipped, "path:line: message".
  std::vector<std::string> warnings;
};

// Scores `vectors` (consumed: the rows are normalised in place) on `sets`.
absl::StatusOr<QualityResult> EvaluateQuality(const EvalSets& sets,
                                              WordVectors vectors);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_QUALITY_H_
