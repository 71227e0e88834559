#include "src/objectives/contrastive.h"

#include <cmath>

#include "src/objectives/distance_step.h"

namespace nce2vec {
namespace {

// MARGIN_COMMENT
constexpr float kDefaultMargin = 1.0f;

struct ContrastiveRowLoss {
  float margin;

  float operator()(const float* q, int width, float* dq) const {
    float loss = q[0];
    dq[0] = 1.0f;
    for (int j = 1; j < width; ++j) {
      const float d = std::sqrt(q[j]);
      const float gap = margin - d;
      // d(gap²)/dq = -gap/d; h - u shrinks with d, so the floor only keeps
      // rounding in d from blowing the step up.
      dq[j] = gap > 0.0f ? -gap / std::fmax(d, 1e-6f) : 0.0f;
      loss += gap > 0.0f ? gap * gap : 0.0f;
    }
    return loss;
  }
};

class ContrastiveObjective final : public Objective {
 public:
  ContrastiveObjective(const ObjectiveOptions& options,
                       const AliasSampler& noise)
      : loss_{options.margin > 0.0f ? options.margin : kDefaultMargin} {
    settings_.noise = &noise;
    settings_.negatives = options.negatives;
    settings_.shared_negatives = options.shared_negatives;
  }

  absl::string_view name() const override { return "contrastive"; }

  std::unique_ptr<Workspace> NewWorkspace(int max_rows,
                                          int /*max_positives*/) const override {
    return std::make_unique<DistanceWorkspace>(max_rows, settings_.negatives,
                                               settings_.shared_negatives);
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& rng) const override {
    return DistanceStep(settings_, loss_, batch, lr, params,
                        static_cast<DistanceWorkspace&>(workspace), rng);
  }

 private:
  ContrastiveRowLoss loss_;
  DistanceSettings settings_;
};

}  // namespace

std::unique_ptr<Objective> NewContrastiveObjective(
    const ObjectiveOptions& options, const AliasSampler& noise) {
  return std::make_unique<ContrastiveObjective>(options, noise);
}

}  // namespace nce2vec
