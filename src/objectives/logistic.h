// Numerically stable logistic functions and the binary logistic row loss
// shared by negative sampling and NCE.
#ifndef NCE2VEC_OBJECTIVES_LOGISTIC_H_
#define NCE2VEC_OBJECTIVES_LOGISTIC_H_

#include <cmath>

namespace nce2vec {

// log(1 + e^x) without overflow; 0 at -inf.
inline float Softplus(float x) {
  return std::fmax(x, 0.0f) + std::log1p(std::exp(-std::fabs(x)));
}

// 1 / (1 + e^-x) without overflow; 0 at -inf.
inline float Sigmoid(float x) {
  if (x >= 0.0f) return 1.0f / (1.0f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.0f + e);
}

// Binary logistic loss: the positive (logits[0]) is labelled data, the noise
// words noise: L = -log σ(x_0) - Σ_j log σ(-x_j) = softplus(-x_0) + Σ_j
// softplus(x_j). A masked noise word (x_j = -inf) adds 0 and gets 0.
struct BinaryLogisticRowLoss {
  float operator()(const float* logits, int n, float lr, float* grads) const {
    float loss = Softplus(-logits[0]);
    grads[0] = lr * (1.0f - Sigmoid(logits[0]));
    for (int j = 1; j < n; ++j) {
      loss += Softplus(logits[j]);
      grads[j] = -lr * Sigmoid(logits[j]);
    }
    return loss;
  }
};

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_LOGISTIC_H_
