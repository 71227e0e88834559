// How large the trainer's batches get for a configuration: the one place
// that decides it, read by the trainer to size its buffers and by the
// memory estimate to count them.
#ifndef NCE2VEC_TRAINER_BATCH_LIMITS_H_
#define NCE2VEC_TRAINER_BATCH_LIMITS_H_

#include "src/objectives/objective.h"
#include "src/trainer/train_config.h"

namespace nce2vec {

struct BatchLimits {
  BatchShape shape = BatchShape::kContextRows;
  // Rows per Step: a skip-gram window's context words (2 x window), one
  // CBOW window, or the objective's centre_rows centre words.
  int rows = 0;
  // Input words and positives over a Step's rows, at most: a full window
  // per row.
  int inputs = 0;
  int positives = 0;
};

// REQUIRES: config.Validate() is ok.
BatchLimits BatchLimitsFor(const TrainConfig& config);

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_BATCH_LIMITS_H_
