// The contrastive loss (Chopra, Hadsell & LeCun 2005, "Learning a Similarity
// Metric Discriminatively, with Application to Face Verification"; the
// squared-hinge form of Hadsell, Chopra & LeCun 2006): a positive pair is
// pulled to distance 0 and each noise word w_j ~ Pn pushed beyond a margin ε,
//   L = d(h, u⁺)² + Σ_j max(0, ε - d(h, u⁻_j))²,   d Euclidean.
// It estimates no probability: it learns a metric in which a context word's
// output vector lies near the words it occurs with, and at least ε from the
// ones it does not. A noise draw equal to the positive is dropped.
#ifndef NCE2VEC_OBJECTIVES_CONTRASTIVE_H_
#define NCE2VEC_OBJECTIVES_CONTRASTIVE_H_

#include <memory>

#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// Reads options.margin (ε), negatives and shared_negatives. `noise` must
// outlive the objective.
std::unique_ptr<Objective> NewContrastiveObjective(
    const ObjectiveOptions& options, const AliasSampler& noise);

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_CONTRASTIVE_H_
