// Everything a training run is configured by, validated before any work.
#ifndef NCE2VEC_TRAINER_TRAIN_CONFIG_H_
#define NCE2VEC_TRAINER_TRAIN_CONFIG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/objectives/objective.h"
#include "src/subword/subwords.h"

namespace nce2vec {

enum class ModelType { kSkipGram, kCbow };

absl::StatusOr<ModelType> ParseModelType(absl::string_view name);
absl::string_view ModelTypeName(ModelType type);
absl::string_view MiningName(ObjectiveOptions::Mining mining);

// The learning rate of a run whose lr is not given: word2vec's 0.025 for
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
  // The objectives with in-batch negatives (ObjectiveInfo::in_batch_negatives):
  // each thread reads its shard through this many cursors, spread evenly
  // over it, and a batch takes its centre words from them in turn, so that
  // a row's negatives come from far-off text rather than from the
  // neighbouring centre words, which are often its true contexts. 1 reads
  // the shard straight through (consecutive centre words). Ignored by the
  // other objectives.
  int in_batch_cursors = 16;
  // fastText's subword n-grams: a word's hidden vector is the mean of its
  // own input row and its n-grams' rows. Off (maxn 0) by default; turning
  // them on with maxn alone gives fastText's minn and bucket.
  SubwordOptions subwords = {.minn = 3, .maxn = 0, .bucket = 2000000};

  // Checks every field; a message names the field as TrainConfig::dim (or
  // ObjectiveOptions::negatives) and its allowed range.
  absl::Status Validate() const;
};

// One entry of the settings list below.
struct Setting {
  // As messages name it: "TrainConfig::dim", "ObjectiveOptions::negatives".
  absl::string_view name;
  // A resumed run may change it (it steers the run's checks, not what is
  // computed); every other setting must stay as the run started.
  bool may_change_on_resume = false;
  // Added after checkpoints had settings: a checkpoint without it was
  // written before it existed and ran with its default.
  bool default_when_absent = false;

  // The name without its struct: "dim".
  absl::string_view field() const { return name.substr(name.rfind(':') + 1); }
};

// The list of a TrainConfig's settings, the only one: checkpoints store a
// config through it, a resume compares through it and ConfigSummary prints
// through it. Calls visit(setting, configs.field...) for every field, in a
// fixed order, with that field of each config (the same type for all), so
// that one visitor can read, write or compare several configs at once.
// A field added to TrainConfig or ObjectiveOptions must be added here (a
// check in train_config.cc fails to compile until it is).
template <typename Visit, typename... Configs>
void ForEachSetting(Visit&& visit, Configs&... configs) {
  visit(Setting{"TrainConfig::model"}, configs.model...);
  visit(Setting{"TrainConfig::objective"}, configs.objective...);
  visit(Setting{"TrainConfig::dim"}, configs.dim...);
  visit(Setting{"TrainConfig::window"}, configs.window...);
  visit(Setting{"TrainConfig::epochs"}, configs.epochs...);
  visit(Setting{"TrainConfig::threads"}, configs.threads...);
  visit(Setting{"TrainConfig::sample"}, configs.sample...);
  visit(Setting{"TrainConfig::lr"}, configs.lr...);
  visit(Setting{"TrainConfig::noise_power"}, configs.noise_power...);
  visit(Setting{"TrainConfig::seed"}, configs.seed...);
  visit(Setting{"TrainConfig::max_norm", true}, configs.max_norm...);
  visit(Setting{"TrainConfig::in_batch_cursors"}, configs.in_batch_cursors...);
  visit(Setting{"ObjectiveOptions::negatives"},
        configs.objective_options.negatives...);
  visit(Setting{"ObjectiveOptions::shared_negatives"},
        configs.objective_options.shared_negatives...);
  visit(Setting{"ObjectiveOptions::logq_correction"},
        configs.objective_options.logq_correction...);
  visit(Setting{"ObjectiveOptions::output_bias"},
        configs.objective_options.output_bias...);
  visit(Setting{"ObjectiveOptions::margin"},
        configs.objective_options.margin...);
  visit(Setting{"ObjectiveOptions::mining"},
        configs.objective_options.mining...);
  visit(Setting{"ObjectiveOptions::embedding_l2"},
        configs.objective_options.embedding_l2...);
  visit(Setting{"SubwordOptions::minn", false, true}, configs.subwords.minn...);
  visit(Setting{"SubwordOptions::maxn", false, true}, configs.subwords.maxn...);
  visit(Setting{"SubwordOptions::bucket", false, true},
        configs.subwords.bucket...);
}

// A setting's value as text, for messages and ConfigSummary.
std::string SettingText(ModelType value);
std::string SettingText(ObjectiveOptions::Mining value);
std::string SettingText(const std::string& value);
std::string SettingText(bool value);
std::string SettingText(int value);
std::string SettingText(int64_t value);
std::string SettingText(uint64_t value);
std::string SettingText(double value);
std::string SettingText(float value);

// One line with every setting: "model skipgram  objective sgns  dim 100 ...".
std::string ConfigSummary(const TrainConfig& config);

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_TRAIN_CONFIG_H_
