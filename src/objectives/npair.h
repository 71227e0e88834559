// The multi-class N-pair loss (Sohn 2016, "Improved Deep Metric Learning
// with Multi-class N-pair Loss Objective"): a positive pair (h, u⁺) is scored
// against the positives of the other pairs of the batch, by dot product,
//   L = log(1 + Σ_{u⁻} exp(h·u⁻ - h·u⁺)).
// Batches are centre words with their contexts (see in_batch.h for which
// columns are a row's negatives). With embedding_l2 = λ > 0 each pair adds
// Sohn's penalty λ/2 (|h|² + |u⁺|²).
//
// Unlike infonce, the negatives are drawn from the data distribution (they
// are other centre words' contexts), not from Pn, and there is no log Pn
// correction: the scores estimate log p(w|h)/p(w) + const(h), a PMI, where
// infonce estimates log p(w|h)/Pn(w) + const(h).
#ifndef NCE2VEC_OBJECTIVES_NPAIR_H_
#define NCE2VEC_OBJECTIVES_NPAIR_H_

#include <memory>

#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// Reads options.embedding_l2.
std::unique_ptr<Objective> NewNPairObjective(const ObjectiveOptions& options,
                                             const AliasSampler& noise);

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_NPAIR_H_
