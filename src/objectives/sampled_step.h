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
        grads(logits.size()),
        targets(logits.size()),
        hidden_rows(max_rows),
        column(max_rows) {}
  std::vector<int32_t> noise;  // k ids, or rows x k when not shared
  std::vector<float> logits;   // rows x (k+1); column 0 is the positive
  std::vector<float> grads;    // rows x (k+1): -lr * dL/dlogit
  std::vector<const float*> targets;  // rows x (k+1) output rows, as logits
  std::vector<const float*> hidden_rows;
  std::vector<float> column;  // one column of grads, gathered
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
  constexpr float kMasked = -std::numeric_limits<float>::infinity();
  const int rows = batch.rows;
  const int k = settings.negatives;
  const int width = k + 1;
  const int64_t stride = params.stride;
  const int noise_sets = settings.shared_negatives ? 1 : rows;
  for (int j = 0; j < noise_sets * k; ++j) {
    ws.noise[j] = settings.noise->Sample(rng);
  }
  const int noise_row_stride = settings.shared_negatives ? 0 : k;
  auto positive_of = [&](int r) {
    return batch.positives[batch.positive_begin[r]];
  };
  auto output_row = [&](int32_t word) { return params.vectors + word * stride; };

  // Forward pass: the logits of every row against its targets.
  bool any_masked = false;
  for (int r = 0; r < rows; ++r) {
    const int32_t positive = positive_of(r);
    const int32_t* noise = ws.noise.data() + r * noise_row_stride;
    const float** targets = ws.targets.data() + r * width;
    float* logits = ws.logits.data() + r * width;
    ws.hidden_rows[r] = batch.hidden + r * stride;
    targets[0] = output_row(positive);
    for (int j = 0; j < k; ++j) targets[j + 1] = output_row(noise[j]);
    DotRows(ws.hidden_rows[r], targets, width, stride, logits);
    for (int j = 0; j < width; ++j) {
      const int32_t word = j == 0 ? positive : noise[j - 1];
      if (params.bias != nullptr) logits[j] += params.bias[word];
      if (settings.logit_correction != nullptr) {
        logits[j] -= settings.logit_correction[word];
      }
      if (j > 0 && settings.mask_accidental_hits && word == positive) {
        logits[j] = kMasked;
        any_masked = true;
      }
    }
  }
  StepResult result;
  result.loss = loss(ws.logits.data(), rows, width, lr, ws.grads.data());
  result.pairs = rows;
  if (any_masked) {
    for (size_t i = 0; i < static_cast<size_t>(rows) * width; ++i) {
      if (ws.logits[i] == kMasked) ws.grads[i] = 0.0f;
    }
  }

  // dL/dh = Σ_j dL/dlogit_j u_j, from the output vectors before any update.
  for (int r = 0; r < rows; ++r) {
    float* hidden_grad = batch.hidden_grad + r * stride;
    Zero(hidden_grad, stride);
    AddCombination(ws.grads.data() + r * width, ws.targets.data() + r * width,
                   width, stride, hidden_grad);
  }
  if (lr == 0.0f) return result;

  // Output updates, u_w -= lr Σ_r dL/dlogit_{r,w} h_r: a word that serves
  // every row (the shared positive of a window, a shared noise word) gathers
  // the whole batch's gradient and is written once.
  auto update_from_all_rows = [&](int32_t word, int column) {
    float bias_grad = 0.0f;
    for (int r = 0; r < rows; ++r) {
      ws.column[r] = ws.grads[r * width + column];
      bias_grad += ws.column[r];
    }
    AddCombination(ws.column.data(), ws.hidden_rows.data(), rows, stride,
                   params.vectors + word * stride);
    if (params.bias != nullptr) params.bias[word] += bias_grad;
  };
  auto update_from_row = [&](int32_t word, int r, int column) {
    const float g = ws.grads[r * width + column];
    Axpy(g, ws.hidden_rows[r], params.vectors + word * stride, stride);
    if (params.bias != nullptr) params.bias[word] += g;
  };
  bool one_positive = true;
  for (int r = 1; r < rows; ++r) one_positive &= positive_of(r) == positive_of(0);
  if (one_positive) {
    update_from_all_rows(positive_of(0), 0);
  } else {
    for (int r = 0; r < rows; ++r) update_from_row(positive_of(r), r, 0);
  }
  for (int j = 0; j < k; ++j) {
    if (settings.shared_negatives) {
      update_from_all_rows(ws.noise[j], j + 1);
    } else {
      for (int r = 0; r < rows; ++r) update_from_row(ws.noise[r * k + j], r, j + 1);
    }
  }
  return result;
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_SAMPLED_STEP_H_
