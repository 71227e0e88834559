// Stops a run whose parameters have become garbage, before they are written
// out: a loss that is NaN or infinite, vectors whose norms explode, or (for
// the distance losses, which can pull everything onto one point) vectors
// that have collapsed to one direction.
//
// Checked where the trainer already syncs (each worker's publish points,
// about every 10,000 words), on a sample of rows: the most frequent words,
// which are updated most and go first, and as many drawn at random. That
// costs about 64 row reads per check, nothing next to the 10,000 words'
// updates; no check runs per element in the hot loop. A model with n-grams
// also has its n-gram rows checked: those of the most frequent words (a few
// hundred) and as many bucket rows drawn at random.
//
// Not thread-safe: one per worker.
#ifndef NCE2VEC_TRAINER_DIVERGENCE_GUARD_H_
#define NCE2VEC_TRAINER_DIVERGENCE_GUARD_H_

#include <cstdint>

#include "absl/status/status.h"
#include "src/model/embedding_model.h"
#include "src/subword/subwords.h"
#include "src/util/rng.h"

namespace nce2vec {

struct DivergenceLimits {
  double max_norm = 1000;  // 0: no norm check
  // Whether to fail when the sampled input vectors' mean pairwise cosine
  // exceeds kCollapseCosine once kCollapseAfter of the run is done.
  bool detect_collapse = false;
  double lr = 0;  // for the advice in the messages
  // The model's words' input rows when it has n-grams (model.ngram_rows >
  // 0); it must outlive the guard.
  const SubwordIndex* subwords = nullptr;
};

inline constexpr double kCollapseCosine = 0.9999;
inline constexpr double kCollapseAfter = 0.05;

class DivergenceGuard {
 public:
  // `seed` draws the sampled rows; it is the guard's own stream, so that
  // the checks never change what training draws.
  DivergenceGuard(const DivergenceLimits& limits, uint64_t seed)
      : limits_(limits), rng_(seed) {}

  // `loss` is the worker's cumulative loss, `fraction` the share of the run
  // done, `words` the words done (for the message). Fails with Aborted,
  // saying what happened and what to change; no other failure of Train is
  // Aborted, so a caller that goes on after a diverged run (the bench) can
  // tell divergence from broken input.
  absl::Status Check(double loss, double fraction, int64_t words,
                     const EmbeddingModel& model);

 private:
  absl::Status CheckNgramRows(const EmbeddingModel& model,
                              const std::string& where);

  DivergenceLimits limits_;
  Rng rng_;
};

// Fails (Aborted) unless every parameter is finite: run over the whole model
// before it is written anywhere.
absl::Status CheckAllFinite(const EmbeddingModel& model);

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_DIVERGENCE_GUARD_H_
