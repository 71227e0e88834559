#include "src/objectives/sgns.h"

#include "src/objectives/logistic.h"
#include "src/objectives/sampled_step.h"

namespace nce2vec {
namespace {

class SgnsObjective final : public Objective {
 public:
  SgnsObjective(const ObjectiveOptions& options, const AliasSampler& noise) {
    settings_.noise = &noise;
    settings_.negatives = options.negatives;
    settings_.shared_negatives = options.shared_negatives;
    settings_.mask_accidental_hits = true;
  }

  absl::string_view name() const override { return "sgns"; }

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
  SampledSettings settings_;
};

}  // namespace

std::unique_ptr<Objective> NewSgnsObjective(const ObjectiveOptions& options,
                                            const AliasSampler& noise) {
  return std::make_unique<SgnsObjective>(options, noise);
}

}  // namespace nce2vec
