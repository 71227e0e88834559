#include "src/objectives/triplet.h"

#include <cmath>
#include <limits>

#include "src/objectives/distance_step.h"

namespace nce2vec {
namespace {

// MARGIN_COMMENT
constexpr float kDefaultMargin = 1.0f;

using Mining = ObjectiveOptions::Mining;

struct TripletRowLoss {
  float margin;
  Mining mining;

  float operator()(const float* q, int width, float* dq) const {
    for (int j = 0; j < width; ++j) dq[j] = 0.0f;
    float loss = 0.0f;
    // Adds the hinge of negative j; q = +inf (a masked draw) is never active.
    auto hinge = [&](int j) {
      const float violation = q[0] - q[j] + margin;
      if (violation > 0.0f) {
        loss += violation;
        dq[0] += 1.0f;
        dq[j] -= 1.0f;
      }
    };
    if (mining == Mining::kAll) {
      for (int j = 1; j < width; ++j) hinge(j);
      return loss;
    }
    int chosen = 0;
    float closest = std::numeric_limits<float>::infinity();
    for (int j = 1; j < width; ++j) {
      const bool eligible = mining == Mining::kHardest || q[j] > q[0];
      if (eligible && q[j] < closest) closest = q[j], chosen = j;
    }
    if (chosen > 0) hinge(chosen);
    return loss;
  }
};

class TripletObjective final : public Objective {
 public:
  TripletObjective(const ObjectiveOptions& options, const AliasSampler& noise)
      : loss_{options.margin > 0.0f ? options.margin : kDefaultMargin, options.mining} {
    settings_.noise = &noise;
    settings_.negatives = options.negatives;
    settings_.shared_negatives = options.shared_negatives;
  }

  absl::string_view name() const override { return "triplet"; }

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
  TripletRowLoss loss_;
  DistanceSettings settings_;
};

}  // namespace

std::unique_ptr<Objective> NewTripletObjective(const ObjectiveOptions& options,
                                               const AliasSampler& noise) {
  return std::make_unique<TripletObjective>(options, noise);
}

}  // namespace nce2vec
