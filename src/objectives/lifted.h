// The lifted structured loss (Song, Xiang, Jegelka & Savarese 2016, "Deep
// Metric Learning via Lifted Structured Feature Embedding"), in its smoothed
// form: for each positive pair (i, j) of a batch, with Euclidean distances D,
//   J_ij = max(0, log(Σ_{(i,k)∈N} exp(ε - D_ik) + Σ_{(j,l)∈N} exp(ε - D_jl))
//                 + D_ij),
// and the pair's loss ½ J_ij². The paper's J is the mean of ½ J_ij² over the
// batch's positive pairs; we sum it, as every objective here sums over pairs
// so that --lr means the same step per pair, and report the mean.
//
// For word vectors a batch is centre words with their contexts (see
// in_batch.h). The anchor of pair (r, c) is the centre's input vector h_r,
// its positive the context's output vector u_c, and both ends have
// negatives, as in the paper:
//   anchor side    D(h_r, u_c') for every column c' with word(c') ∉ P_r
//                  (the other centres' contexts);
//   positive side  D(h_r', u_c) for every row r' with word(c) ∉ P_r' (the
//                  other centres that do not have this context).
// Each negative distance enters its own row's and its own column's sums.
#ifndef NCE2VEC_OBJECTIVES_LIFTED_H_
#define NCE2VEC_OBJECTIVES_LIFTED_H_

#include <memory>

#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// Reads options.margin (ε).
std::unique_ptr<Objective> NewLiftedObjective(const ObjectiveOptions& options,
                                              const AliasSampler& noise);

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_LIFTED_H_
