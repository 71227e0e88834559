#include "src/objectives/infonce.h"

#include <cmath>
#include <vector>

#include "src/objectives/sampled_step.h"

namespace nce2vec {
namespace {

// Cross-entropy with the positive in column 0; masked columns hold -inf and
// get probability 0.
struct CategoricalRowLoss {
  float operator()(const float* logits, int n, float lr, float* grads) const {
    float max_logit = logits[0];
    for (int j = 1; j < n; ++j) max_logit = std::fmax(max_logit, logits[j]);
    float sum = 0.0f;
    for (int j = 0; j < n; ++j) {
      grads[j] = std::exp(logits[j] - max_logit);
      sum += grads[j];
    }
    const float inv_sum = 1.0f / sum;
    for (int j = 0; j < n; ++j) grads[j] *= -lr * inv_sum;
    grads[0] += lr;
    return max_logit + std::log(sum) - logits[0];
  }
};

class InfoNceObjective final : public Objective {
 public:
  InfoNceObjective(const ObjectiveOptions& options, const AliasSampler& noise) {
    settings_.noise = &noise;
    settings_.negatives = options.negatives;
    settings_.shared_negatives = options.shared_negatives;
    settings_.mask_accidental_hits = true;
    if (options.logq_correction) {
      log_noise_ = noise.log_probabilities();
      settings_.logit_correction = log_noise_.data();
    }
  }

  absl::string_view name() const override { return "infonce"; }

  std::unique_ptr<Workspace> NewWorkspace(int max_rows,
                                          int /*max_positives*/) const override {
    return std::make_unique<SampledWorkspace>(max_rows, settings_.negatives,
                                              settings_.shared_negatives);
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& rng) const override {
    return SampledStep(settings_, CategoricalRowLoss(), batch, lr, params,
                       static_cast<SampledWorkspace&>(workspace), rng);
  }

 private:
  std::vector<float> log_noise_;  // log Pn(w), with logq_correction only
  SampledSettings settings_;
};

}  // namespace

std::unique_ptr<Objective> NewInfoNceObjective(const ObjectiveOptions& options,
                                               const AliasSampler& noise) {
  return std::make_unique<InfoNceObjective>(options, noise);
}

}  // namespace nce2vec
