// The full softmax: the exact log-likelihood of the positive under a
// distribution normalised over the whole vocabulary,
//   L = -s(w, h) + log Σ_{v ∈ V} exp s(v, h),
// with its exact gradient. It is the reference the other objectives are
// measured against, and costs O(|V| d) per centre word.
//
// A batch is many centre words (BatchShape::kCentreRows), each row carrying
// all its context words as positives: one normalisation serves a whole
// window, and the scores, the hidden gradient and the output update are
// three matrix products (OpenBLAS sgemm). With m_r positives in row r,
//   dL/ds(v, h_r) = m_r p(v | h_r) - #{positives of r equal to v}.
#ifndef NCE2VEC_OBJECTIVES_SOFTMAX_H_
#define NCE2VEC_OBJECTIVES_SOFTMAX_H_

#include <memory>

#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// Centre words per batch: large enough that the matrix products run near
// sgemm's peak, small enough that rows x |V| scores stay in cache-friendly
// sizes and the Hogwild updates stay frequent.
inline constexpr int kSoftmaxBatchRows = 32;

// Scores against all noise.size() words; `noise` itself is not used.
std::unique_ptr<Objective> NewSoftmaxObjective(const ObjectiveOptions& options,
                                               const AliasSampler& noise);

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_SOFTMAX_H_
