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
#ifndef NCE2VEC_OBJECTIVES_TRIPLET_H_
#define NCE2VEC_OBJECTIVES_TRIPLET_H_

#include <memory>

#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// Reads options.margin (ε), mining, negatives and shared_negatives. `noise`
// must outlive the objective.
std::unique_ptr<Objective> NewTripletObjective(const ObjectiveOptions& options,
                                               const AliasSampler& noise);

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_TRIPLET_H_
