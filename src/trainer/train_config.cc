#include "src/trainer/train_config.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

absl::Status OutOfRange(absl::string_view setting, absl::string_view range,
                        double value) {
  return absl::InvalidArgumentError(
      absl::StrCat(setting, " must be ", range, ", got ", value));
}

// Binding every field by name fails to compile once TrainConfig or
// ObjectiveOptions gains a field, which must then join ForEachSetting.
[[maybe_unused]] void EveryFieldIsASetting(TrainConfig& config) {
  [[maybe_unused]] auto& [model, objective, objective_options, dim, window,
                          epochs, threads, sample, lr, noise_power, seed,
                          max_norm, in_batch_cursors, subwords] = config;
  [[maybe_unused]] auto& [negatives, shared_negatives, logq_correction,
                          output_bias, margin, mining, embedding_l2] =
      config.objective_options;
  [[maybe_unused]] auto& [minn, maxn, bucket] = config.subwords;
}

}  // namespace

absl::StatusOr<ModelType> ParseModelType(absl::string_view name) {
  if (name == "skipgram") return ModelType::kSkipGram;
  if (name == "cbow") return ModelType::kCbow;
  return absl::InvalidArgumentError(absl::StrCat(
      "TrainConfig::model must be skipgram or cbow, got '", name, "'"));
}

absl::string_view ModelTypeName(ModelType type) {
  return type == ModelType::kSkipGram ? "skipgram" : "cbow";
}

absl::string_view MiningName(ObjectiveOptions::Mining mining) {
  switch (mining) {
    case ObjectiveOptions::Mining::kAll:
      return "all";
    case ObjectiveOptions::Mining::kHardest:
      return "hardest";
    case ObjectiveOptions::Mining::kSemiHard:
      return "semihard";
  }
  return "unknown";
}

double DefaultLearningRate(ModelType model, absl::string_view objective) {
  const ObjectiveInfo* info = FindObjective(objective);
  return (model == ModelType::kCbow ? 0.05 : 0.025) *
         (info != nullptr ? info->lr_scale : 1.0);
}

absl::Status TrainConfig::Validate() const {
  const ObjectiveInfo* info = FindObjective(objective);
  if (info == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("TrainConfig::objective: unknown objective '", objective,
                     "'; known: ", ObjectiveNames()));
  }
  if (objective_options.output_bias && !info->output_bias_allowed) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ObjectiveOptions::output_bias must be off for ", objective,
        ": it has no output biases (objectives with them: ",
        ObjectiveNames(
            [](const ObjectiveInfo& o) { return o.output_bias_allowed; }),
        ")"));
  }
  if (dim < 1 || dim > 10000) {
    return OutOfRange("TrainConfig::dim", "in [1, 10000]", dim);
  }
  if (window < 1 || window > 1000) {
    return OutOfRange("TrainConfig::window", "in [1, 1000]", window);
  }
  if (epochs < 1 || epochs > 100000) {
    return OutOfRange("TrainConfig::epochs", "in [1, 100000]", epochs);
  }
  if (threads < 1 || threads > 1024) {
    return OutOfRange("TrainConfig::threads", "in [1, 1024]", threads);
  }
  const int k = objective_options.negatives;
  if (k < 1 || k > 100000) {
    return OutOfRange("ObjectiveOptions::negatives", "in [1, 100000]", k);
  }
  if (!(sample >= 0) || !std::isfinite(sample)) {
    return OutOfRange("TrainConfig::sample", ">= 0 (0 disables subsampling)",
                      sample);
  }
  if (!(lr > 0) || !std::isfinite(lr) || lr > 10) {
    return OutOfRange("TrainConfig::lr", "in (0, 10]", lr);
  }
  if (!std::isfinite(noise_power) || noise_power < 0 || noise_power > 2) {
    return OutOfRange("TrainConfig::noise_power", "in [0, 2]", noise_power);
  }
  if (!std::isfinite(max_norm) || max_norm < 0) {
    return OutOfRange("TrainConfig::max_norm", ">= 0 (0 disables the check)",
                      max_norm);
  }
  if (in_batch_cursors < 1 || in_batch_cursors > 1024) {
    return OutOfRange("TrainConfig::in_batch_cursors", "in [1, 1024]",
                      in_batch_cursors);
  }
  return subwords.Validate();
}

std::string SettingText(ModelType value) {
  return std::string(ModelTypeName(value));
}
std::string SettingText(ObjectiveOptions::Mining value) {
  return std::string(MiningName(value));
}
std::string SettingText(const std::string& value) { return value; }
std::string SettingText(bool value) { return value ? "true" : "false"; }
std::string SettingText(int value) { return absl::StrCat(value); }
std::string SettingText(int64_t value) { return absl::StrCat(value); }
std::string SettingText(uint64_t value) { return absl::StrCat(value); }
std::string SettingText(double value) { return absl::StrFormat("%g", value); }
std::string SettingText(float value) { return absl::StrFormat("%g", value); }

std::string ConfigSummary(const TrainConfig& config) {
  std::string out;
  ForEachSetting(
      [&out](const Setting& setting, const auto& value) {
        absl::StrAppend(&out, out.empty() ? "" : "  ", setting.field(), " ",
                        SettingText(value));
      },
      config);
  return out;
}

}  // namespace nce2vec
