// The machinery shared by the sampled objectives (sgns, nce, infonce): each
// batch row has one positive, scored against k noise words drawn from Pn,
// either one set shared by all rows or one set per row. The objective
// supplies only what differs: its logit correction and a BatchLoss that turns
// the batch's logits into a loss and its gradient.
//
// A BatchLoss is a type with
//   float operator()(const float* logits, int rows, int width, float lr,
//                    float* grads) const
// where logits is rows x width, column 0 the row's positive and columns
// 1..width-1 its noise words; a noise word masked out as an accidental hit
// has logit -inf and must contribute (next to) nothing to the loss. It
// returns the summed loss and sets grads = -lr * dL/dlogits; the gradients of
// masked entries are then set to exactly 0 here. It is a template argument,
// so the call is inlined and its loops vectorise over the whole batch.
#ifndef NCE2VEC_OBJECTIVES_SAMPLED_STEP_H_
#define NCE2VEC_OBJECTIVES_SAMPLED_STEP_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "src/kernels/vector_ops.h"
#include "src/objectives/objective.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

struct SampledWorkspace : Workspace {
  SampledWorkspace(int max_rows, int negatives, bool shared)
      : noise(static_cast<size_t>(shared ? 1 : max_rows) * negatives),
        logits(static_cast<size_t>(max_rows) * (negatives + 1)),
        grads(logits.size()) {}
  std::vector<int32_t> noise;  // k ids, or rows x k when not shared
  std::vector<float> logits;   // rows x (k+1); column 0 is the positive
  std::vector<float> grads;    // rows x (k+1): -lr * dL/dlogit
};

struct SampledSettings {
  const AliasSampler* noise = nullptr;
  int negatives = 5;
  bool shared_negatives = true;
  // Mask a noise word equal to the row's positive (logit -inf).
  bool mask_accidental_hits = true;
  // Subtracted from the score of word w to form its logit; nullptr for none.
  const float* logit_correction = nullptr;
};

template <typename BatchLoss>
StepResult SampledStep(const SampledSettings& settings, const BatchLoss& loss,
                       const Batch& batch, float lr, OutputParams& params,
                       SampledWorkspace& ws, Rng& rng) {
  const int rows = batch.rows;
  const int k = settings.negatives;
  const int width = k + 1;
  const int64_t stride = params.stride;
  const int noise_sets = settings.shared_negatives ? 1 : rows;
  for (int j = 0; j < noise_sets * k; ++j) {
    ws.noise[j] = settings.noise->Sample(rng);
  }
  const int noise_row_stride = settings.shared_negatives ? 0 : k;
  auto score = [&](int32_t word, const float* h) {
    float s = Dot(h, params.vectors + word * stride, stride);
    if (params.bias != nullptr) s += params.bias[word];
    if (settings.logit_correction != nullptr) {
      s -= settings.logit_correction[word];
    }
    return s;
  };

  // Forward pass and the gradient with respect to every logit.
  bool any_masked = false;
  for (int r = 0; r < rows; ++r) {
    const float* h = batch.hidden + r * stride;
    const int32_t positive = batch.positives[batch.positive_begin[r]];
    const int32_t* noise = ws.noise.data() + r * noise_row_stride;
    float* logits = ws.logits.data() + r * width;
    logits[0] = score(positive, h);
    for (int j = 0; j < k; ++j) {
      const bool masked = settings.mask_accidental_hits && noise[j] == positive;
      any_masked |= masked;
      logits[j + 1] = masked ? -std::numeric_limits<float>::infinity()
                             : score(noise[j], h);
    }
  }
  StepResult result;
  result.loss = loss(ws.logits.data(), rows, width, lr, ws.grads.data());
  result.pairs = rows;
  if (any_masked) {
    for (size_t i = 0; i < static_cast<size_t>(rows) * width; ++i) {
      if (ws.logits[i] == -std::numeric_limits<float>::infinity()) {
        ws.grads[i] = 0.0f;
      }
    }
  }

  // dL/dh = sum_j dL/dlogit_j * u_j, from the output vectors before update.
  for (int r = 0; r < rows; ++r) {
    const int32_t positive = batch.positives[batch.positive_begin[r]];
    const int32_t* noise = ws.noise.data() + r * noise_row_stride;
    const float* grads = ws.grads.data() + r * width;
    float* hidden_grad = batch.hidden_grad + r * stride;
    Scale(grads[0], params.vectors + positive * stride, hidden_grad, stride);
    for (int j = 0; j < k; ++j) {
      if (grads[j + 1] != 0.0f) {
        Axpy(grads[j + 1], params.vectors + noise[j] * stride, hidden_grad,
             stride);
      }
    }
  }
  if (lr == 0.0f) return result;

  // Output updates: u_w -= lr * sum_r dL/dlogit_{r,w} * h_r.
  for (int r = 0; r < rows; ++r) {
    const int32_t positive = batch.positives[batch.positive_begin[r]];
    const float g = ws.grads[r * width];
    Axpy(g, batch.hidden + r * stride, params.vectors + positive * stride,
         stride);
    if (params.bias != nullptr) params.bias[positive] += g;
  }
  for (int j = 0; j < k; ++j) {
    if (settings.shared_negatives) {
      // One noise row collects the whole batch's gradient, then is written once.
      float* u = params.vectors + ws.noise[j] * stride;
      float bias_grad = 0.0f;
      for (int r = 0; r < rows; ++r) {
        const float g = ws.grads[r * width + j + 1];
        Axpy(g, batch.hidden + r * stride, u, stride);
        bias_grad += g;
      }
      if (params.bias != nullptr) params.bias[ws.noise[j]] += bias_grad;
    } else {
      for (int r = 0; r < rows; ++r) {
        const int32_t word = ws.noise[r * k + j];
        const float g = ws.grads[r * width + j + 1];
        Axpy(g, batch.hidden + r * stride, params.vectors + word * stride,
             stride);
        if (params.bias != nullptr) params.bias[word] += g;
      }
    }
  }
  return result;
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_SAMPLED_STEP_H_
