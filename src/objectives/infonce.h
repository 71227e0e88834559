// InfoNCE (van den Oord, Li & Vinyals 2018, "Representation Learning with
// Contrastive Predictive Coding"): categorical cross-entropy of picking the
// positive among itself and K noise words w_j ~ Pn,
//   L = -s(w, h) + log(exp s(w, h) + Σ_j exp s(w_j, h)).
// Its optimum makes exp s(w, h) proportional to p(w | h) / Pn(w) (a density
// ratio, up to a per-h constant), and log(K+1) - L bounds I(w; h) from below.
//
// With logq_correction every logit becomes s(w, h) - log Pn(w): sampled
// softmax (Jean et al. 2015), whose scores tend to log p(w | h) up to a per-h
// constant as K grows, i.e. a consistent estimate of the full softmax.
//
// A noise draw equal to the positive is masked out of the sum (TensorFlow's
// remove_accidental_hits): it would make the positive compete with itself.
#ifndef NCE2VEC_OBJECTIVES_INFONCE_H_
#define NCE2VEC_OBJECTIVES_INFONCE_H_

#include <memory>

#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// `noise` must outlive the objective.
std::unique_ptr<Objective> NewInfoNceObjective(const ObjectiveOptions& options,
                                               const AliasSampler& noise);

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_INFONCE_H_
