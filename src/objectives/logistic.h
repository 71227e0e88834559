// The binary logistic loss shared by negative sampling and NCE, and with a
// label per logit for hierarchical softmax.
#ifndef NCE2VEC_OBJECTIVES_LOGISTIC_H_
#define NCE2VEC_OBJECTIVES_LOGISTIC_H_

#include <algorithm>
#include <bit>
#include <cstdint>

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

// Each logit with its own label t_i in {0, 1}:
//   L = -Σ_i log σ((2 t_i - 1) x_i) = Σ_i softplus(x_i) - t_i x_i,
// returned, with grads[i] = -lr (σ(x_i) - t_i). The arithmetic of the loss
// above (one exp(-|x|) for the loss and σ, no table), written so that the
// loop vectorises (see FastExpInRange): |x| is bounded as integer bits, and
// the sign picks σ's form by multiplying with 0 or 1. A NaN logit still
// gives a NaN loss, through max(x, 0) = x·[x ≥ 0].
inline float LabelledLogisticLoss(const float* logits, const float* labels,
                                  int n, float lr, float* grads) {
  // exp(-87) is still a normal float.
  constexpr int32_t kLargestBits = std::bit_cast<int32_t>(87.0f);
  float loss = 0.0f;
#pragma omp simd reduction(+ : loss)
  for (int i = 0; i < n; ++i) {
    const float x = logits[i];
    const int32_t bits = std::bit_cast<int32_t>(x);
    const float e = FastExpInRange(
        -std::bit_cast<float>(std::min(bits & 0x7fffffff, kLargestBits)));
    const float inv = 1.0f / (1.0f + e);
    const float non_negative = static_cast<float>(1 + (bits >> 31));
    const float sigmoid = inv * (non_negative + (1.0f - non_negative) * e);
    loss += non_negative * x + Log1pUnit(e) - labels[i] * x;
    grads[i] = -lr * (sigmoid - labels[i]);
  }
  return loss;
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_LOGISTIC_H_
