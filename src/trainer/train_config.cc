#include "src/trainer/train_config.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

absl::Status OutOfRange(absl::string_view flag, absl::string_view range,
                        double value) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " must be ", range, ", got ", value));
}

}  // namespace

absl::StatusOr<ModelType> ParseModelType(absl::string_view name) {
  if (name == "skipgram") return ModelType::kSkipGram;
  if (name == "cbow") return ModelType::kCbow;
  return absl::InvalidArgumentError(
      absl::StrCat("--model must be skipgram or cbow, got '", name, "'"));
}

absl::string_view ModelTypeName(ModelType type) {
  return type == ModelType::kSkipGram ? "skipgram" : "cbow";
}

double DefaultLearningRate(ModelType model, absl::string_view objective) {
  const ObjectiveInfo* info = FindObjective(objective);
  return (model == ModelType::kCbow ? 0.05 : 0.025) *
         (info != nullptr ? info->lr_scale : 1.0);
}

absl::Status TrainConfig::Validate() const {
  if (FindObjective(objective) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--objective: unknown objective '", objective,
                     "'; known: ", ObjectiveNames()));
  }
  if (dim < 1 || dim > 10000) return OutOfRange("dim", "in [1, 10000]", dim);
  if (window < 1 || window > 1000) {
    return OutOfRange("window", "in [1, 1000]", window);
  }
  if (epochs < 1 || epochs > 100000) {
    return OutOfRange("epochs", "in [1, 100000]", epochs);
  }
  if (threads < 1 || threads > 1024) {
    return OutOfRange("threads", "in [1, 1024]", threads);
  }
  const int k = objective_options.negatives;
  if (k < 1 || k > 100000) return OutOfRange("negatives", "in [1, 100000]", k);
  if (!(sample >= 0) || !std::isfinite(sample)) {
    return OutOfRange("sample", ">= 0 (0 disables subsampling)", sample);
  }
  if (!(lr > 0) || !std::isfinite(lr) || lr > 10) {
    return OutOfRange("lr", "in (0, 10]", lr);
  }
  if (!std::isfinite(noise_power) || noise_power < 0 || noise_power > 2) {
    return OutOfRange("noise_power", "in [0, 2]", noise_power);
  }
  if (!std::isfinite(max_norm) || max_norm < 0) {
    return OutOfRange("max_norm", ">= 0 (0 disables the check)", max_norm);
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
