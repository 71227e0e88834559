// Everything a training run is configured by, validated before any work.
#ifndef NCE2VEC_TRAINER_TRAIN_CONFIG_H_
#define NCE2VEC_TRAINER_TRAIN_CONFIG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/objectives/objective.h"

namespace nce2vec {

enum class ModelType { kSkipGram, kCbow };

absl::StatusOr<ModelType> ParseModelType(absl::string_view name);
absl::string_view ModelTypeName(ModelType type);

// The learning rate of a run whose --lr is not given: word2vec's 0.025 for
// skip-gram and 0.05 for CBOW, times the objective's lr_scale (registry.h),
// since the losses differ in gradient scale.
double DefaultLearningRate(ModelType model, absl::string_view objective);

// Defaults are word2vec's skip-gram defaults.
struct TrainConfig {
  ModelType model = ModelType::kSkipGram;
  std::string objective = "sgns";
  ObjectiveOptions objective_options;
  int dim = 100;
  int window = 5;
  int epochs = 5;
  int threads = 2;
  double sample = 1e-3;  // subsampling threshold t; 0 keeps every word
  double lr = 0.025;
  double noise_power = 0.75;
  uint64_t seed = 1;
  // The divergence guard's norm limit on sampled rows; 0 disables it.
  double max_norm = 1000;

  // Checks every field; a message names the flag (--dim etc.) and the
  // allowed range.
  absl::Status Validate() const;
};

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_TRAIN_CONFIG_H_
