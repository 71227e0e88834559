// Negative sampling (Mikolov et al. 2013, "Distributed Representations of
// Words and Phrases and their Compositionality"): for a positive w and k
// noise words w_j ~ Pn,
//   L = -log σ(s(w,h)) - Σ_j log σ(-s(w_j,h)).
// Its optimum is s(w,h) = PMI(w,h) - log k (Levy & Goldberg 2014): not a
// normalised model of p(w|h).
//
// A noise draw equal to the row's positive is skipped (its term dropped),
// as word2vec.c does; the row then has fewer than k noise terms.
#include <memory>

#include "src/objectives/logistic.h"
#include "src/objectives/registry.h"
#include "src/objectives/sampled_objective.h"

namespace nce2vec {

std::unique_ptr<Objective> NewSgnsObjective(
    const ObjectiveOptions& options, const AliasSampler& noise,
    absl::Span<const int64_t> /*counts*/) {
  return std::make_unique<SampledObjective<BinaryLogisticLoss>>(
      options, noise, SampledVariant{.mask_accidental_hits = true});
}

}  // namespace nce2vec
