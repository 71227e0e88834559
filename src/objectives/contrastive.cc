// The contrastive loss (Chopra, Hadsell & LeCun 2005, "Learning a Similarity
// Metric Discriminatively, with Application to Face Verification"; the
// squared-hinge form of Hadsell, Chopra & LeCun 2006): a positive pair is
// pulled to distance 0 and each noise word w_j ~ Pn pushed beyond a margin ε,
//   L = d(h, u⁺)² + Σ_j max(0, ε - d(h, u⁻_j))²,   d Euclidean.
// It estimates no probability: it learns a metric in which a context word's
// output vector lies near the words it occurs with, and at least ε from the
// ones it does not. A noise draw equal to the positive is dropped.
#include <cmath>
#include <memory>

#include "src/objectives/distance_objective.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

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

}  // namespace

// Reads options.margin (ε), negatives and shared_negatives.
std::unique_ptr<Objective> NewContrastiveObjective(
    const ObjectiveOptions& options, const AliasSampler& noise,
    absl::Span<const int64_t> /*counts*/) {
  return std::make_unique<DistanceObjective<ContrastiveRowLoss>>(
      options, noise, ContrastiveRowLoss{.margin = options.margin});
}

}  // namespace nce2vec
