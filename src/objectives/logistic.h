// The binary logistic loss shared by negative sampling and NCE.
#ifndef NCE2VEC_OBJECTIVES_LOGISTIC_H_
#define NCE2VEC_OBJECTIVES_LOGISTIC_H_

#include "src/kernels/fast_exp.h"
#include "src/kernels/fast_log.h"

namespace nce2vec {

// Column 0 of each row (the positive) is labelled data, the other columns
// noise:
//   L = -log σ(x_0) - Σ_j log σ(-x_j) = softplus(-x_0) + Σ_j softplus(x_j).
// A BatchLoss for SampledObjective (see sampled_objective.h).
struct BinaryLogisticLoss {
  float operator()(const float* logits, int rows, int width, float lr,
                   float* grads) const {
    const int n = rows * width;
    float loss = 0.0f;
    // Every entry as noise first, in one branch-free loop the compiler
    // vectorises; one exp(-|x|) serves the loss and the gradient.
#pragma omp simd reduction(+ : loss)
    for (int i = 0; i < n; ++i) {
      const float x = logits[i];
      const float e = FastExp(x > 0.0f ? -x : x);
      const float inv = 1.0f / (1.0f + e);
      const float sigmoid = x >= 0.0f ? inv : e * inv;
      loss += (x > 0.0f ? x : 0.0f) + Log1pUnit(e);
      grads[i] = -lr * sigmoid;
    }
    // Then the positives: softplus(-x) = softplus(x) - x, 1 - σ = -σ + 1.
    for (int r = 0; r < rows; ++r) {
      loss -= logits[r * width];
      grads[r * width] += lr;
    }
    return loss;
  }
};

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_LOGISTIC_H_
