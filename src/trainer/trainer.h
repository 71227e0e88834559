// The Hogwild SGD training loop: skip-gram or CBOW over a corpus, with any
// objective of the registry.
#ifndef NCE2VEC_TRAINER_TRAINER_H_
#define NCE2VEC_TRAINER_TRAINER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "src/corpus/corpus.h"
#include "src/model/embedding_model.h"
#include "src/trainer/train_config.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

// A snapshot of a run, taken by a monitor thread (wall-clock figures).
struct TrainProgress {
  double seconds = 0;
  double fraction = 0;  // of epochs x vocabulary tokens
  int64_t words = 0;    // vocabulary tokens read so far (before subsampling)
  double words_per_sec_per_thread = 0;
  double lr = 0;
  double loss = 0;  // mean loss per positive pair since the previous snapshot
  double eta_seconds = 0;
};

struct TrainResult {
  double seconds = 0;
  int64_t words = 0;
  double words_per_sec_per_thread = 0;  // by wall clock
  double final_loss = 0;                // mean over the last 5% of the run
  double mean_loss = 0;                 // mean over the whole run
  // At least 100 points, evenly spaced in progress.
  std::vector<TrainProgress> loss_curve;
};

struct TrainHooks {
  // Called from the monitor thread about every `interval_seconds`, and once
  // at the end with final = true.
  std::function<void(const TrainProgress&, bool final)> progress;
  double interval_seconds = 1.0;
};

// Trains `model` (already initialised, sized to `vocab`) in place.
// Fails on an invalid config, an unreadable shard or divergence (a NaN or
// infinite loss, a sampled norm above config.max_norm, collapsed vectors:
// see divergence_guard.h), in which case the model must not be written out.
absl::StatusOr<TrainResult> Train(const TrainConfig& config,
                                  const Corpus& corpus, const Vocab& vocab,
                                  EmbeddingModel& model,
                                  const TrainHooks& hooks = {});

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_TRAINER_H_
