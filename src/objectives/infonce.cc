#include "src/objectives/infonce.h"

#include <cmath>
#include <vector>

#include "src/objectives/sampled_step.h"

namespace nce2vec {
namespace {

// Cross-entropy per row with the positive in column 0; masked columns hold
// -inf and get probability 0.
struct CategoricalLoss {
  float operator()(const float* logits, int rows, int width, float lr,
                   float* grads) const {
    float loss = 0.0f;
    for (int r = 0; r < rows; ++r) {
      const float* x = logits + r * width;
      float* g = grads + r * width;
      float max_logit = x[0];
      for (int j = 1; j < width; ++j) max_logit = std::fmax(max_logit, x[j]);
      float sum = 0.0f;
      for (int j = 0; j < width; ++j) {
        g[j] = std::exp(x[j] - max_logit);
        sum += g[j];
      }
      const float scale = -lr / sum;
      for (int j = 0; j < width; ++j) g[j] *= scale;
      g[0] += lr;
      loss += max_logit + std::log(sum) - x[0];
    }
    return loss;
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
    return SampledStep(settings_, CategoricalLoss(), batch, lr, params,
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
