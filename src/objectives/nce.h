// Noise-contrastive estimation (Gutmann & Hyvärinen 2010; for language
// models Mnih & Teh 2012): a binary classifier between the data word and k
// noise words w_j ~ Pn whose logit is the model's log-probability minus the
// noise log-probability of k draws,
//   Δ(w, h) = s(w, h) - log(k Pn(w)),
//   L = -log σ(Δ(w, h)) - Σ_j log σ(-Δ(w_j, h)).
// The model is self-normalised (Z = 1, as Mnih & Teh): at the optimum
// exp s(w, h) = p(w | h), so s is an estimate of log p(w | h) without any
// sum over the vocabulary.
//
// Noise draws equal to the data word are kept: NCE's estimator assumes
// independent noise samples, and dropping them would bias it.
#ifndef NCE2VEC_OBJECTIVES_NCE_H_
#define NCE2VEC_OBJECTIVES_NCE_H_

#include <memory>

#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// `noise` must outlive the objective.
std::unique_ptr<Objective> NewNceObjective(const ObjectiveOptions& options,
                                           const AliasSampler& noise);

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_NCE_H_
