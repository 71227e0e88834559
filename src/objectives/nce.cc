#include "src/objectives/nce.h"

#include <cmath>
#include <vector>

#include "src/objectives/logistic.h"
#include "src/objectives/sampled_step.h"

namespace nce2vec {
namespace {

class NceObjective final : public Objective {
 public:
  NceObjective(const ObjectiveOptions& options, const AliasSampler& noise)
      : log_k_noise_(noise.size()) {
    const float log_k = std::log(static_cast<float>(options.negatives));
    for (int32_t w = 0; w < noise.size(); ++w) {
      log_k_noise_[w] = log_k + noise.LogProbability(w);
    }
    settings_.noise = &noise;
    settings_.negatives = options.negatives;
    settings_.shared_negatives = options.shared_negatives;
    settings_.mask_accidental_hits = false;
    settings_.logit_correction = log_k_noise_.data();
  }

  absl::string_view name() const override { return "nce"; }

  std::unique_ptr<Workspace> NewWorkspace(int max_rows,
                                          int /*max_positives*/) const override {
    return std::make_unique<SampledWorkspace>(max_rows, settings_.negatives,
                                              settings_.shared_negatives);
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& rng) const override {
    return SampledStep(settings_, BinaryLogisticLoss(), batch, lr, params,
                       static_cast<SampledWorkspace&>(workspace), rng);
  }

 private:
  std::vector<float> log_k_noise_;  // log(k Pn(w)) per word
  SampledSettings settings_;
};

}  // namespace

std::unique_ptr<Objective> NewNceObjective(const ObjectiveOptions& options,
                                           const AliasSampler& noise) {
  return std::make_unique<NceObjective>(options, noise);
}

}  // namespace nce2vec
