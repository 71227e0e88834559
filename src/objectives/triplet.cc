// The triplet loss (Schroff, Kalenichenko & Philbin 2015, "FaceNet: A
// Unified Embedding for Face Recognition and Clustering"): the anchor h must
// be closer to its positive u⁺ than to each negative, by a margin ε in
// squared distance,
//   L = Σ_j max(0, d(h, u⁺)² - d(h, u⁻_j)² + ε),
// over noise words w_j ~ Pn (a draw equal to the positive is dropped).
// options.mining picks which of the k negatives of a pair enter the sum:
//   kAll       every one (those beyond the margin add 0);
//   kHardest   the closest one only;
//   kSemiHard  the closest one farther than the positive (FaceNet's choice,
//              which avoids the collapse hardest-negative mining can cause
//              early in training); a pair all of whose negatives are closer
//              than its positive contributes nothing, as in the paper.
// Like the contrastive loss it learns a metric, not a probability.
#include <limits>
#include <memory>

#include "src/objectives/distance_objective.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

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

}  // namespace

// Reads options.margin (ε), mining, negatives and shared_negatives.
std::unique_ptr<Objective> NewTripletObjective(
    const ObjectiveOptions& options, const AliasSampler& noise,
    absl::Span<const int64_t> /*counts*/) {
  return std::make_unique<DistanceObjective<TripletRowLoss>>(
      options, noise,
      TripletRowLoss{.margin = options.margin, .mining = options.mining});
}

}  // namespace nce2vec
