// The sampled dot-product objectives (sgns, nce, infonce) are one class:
// each batch row has one positive, scored by s(w,h) = u_w·h (+ b_w) with k
// noise words (see sampled_workspace.h). An objective supplies only what
// differs: a BatchLoss that turns the batch's logits into a loss and its
// gradient, a logit correction and whether accidental hits are masked.
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
#ifndef NCE2VEC_OBJECTIVES_SAMPLED_OBJECTIVE_H_
#define NCE2VEC_OBJECTIVES_SAMPLED_OBJECTIVE_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "src/kernels/vector_ops.h"
#include "src/objectives/objective.h"
#include "src/objectives/sampled_workspace.h"
#include "src/objectives/workspace.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

// What a sampled dot-product objective changes in the shared step.
struct SampledVariant {
  // Mask a noise word equal to the row's positive (logit -inf).
  bool mask_accidental_hits = true;
  // Subtracted from the score of word w to form its logit; empty for none.
  std::vector<float> logit_correction = {};
};

template <typename BatchLoss>
class SampledObjective final : public Objective {
 public:
  SampledObjective(const ObjectiveOptions& options, const AliasSampler& noise,
                   SampledVariant variant)
      : noise_(options, noise), variant_(std::move(variant)) {}

  std::unique_ptr<Workspace> NewWorkspace(
      const WorkspaceShape& shape) const override {
    return NewWorkspaceOf<SampledWorkspace>(shape, noise_, 0);
  }

  uint64_t WorkspaceBytes(const WorkspaceShape& shape) const override {
    return PlannedBytesOf<SampledWorkspace>(shape, noise_, 0);
  }

  uint64_t TableBytes() const override {
    return variant_.logit_correction.capacity() * sizeof(float);
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& rng) const override;

 private:
  NoiseSettings noise_;
  SampledVariant variant_;
};

template <typename BatchLoss>
StepResult SampledObjective<BatchLoss>::Step(const Batch& batch, float lr,
                                             OutputParams& params,
                                             Workspace& workspace,
                                             Rng& rng) const {
  auto& ws = static_cast<SampledWorkspace&>(workspace);
  constexpr float kMasked = -std::numeric_limits<float>::infinity();
  const int rows = batch.rows;
  const int k = noise_.negatives;
  const int width = k + 1;
  const int64_t stride = params.stride;
  const float* correction = variant_.logit_correction.empty()
                                ? nullptr
                                : variant_.logit_correction.data();
  noise_.Draw(rows, ws.noise.data(), rng);
  auto positive_of = [&](int r) {
    return batch.positives[batch.positive_begin[r]];
  };
  auto output_row = [&](int32_t word) {
    return params.vectors + word * stride;
  };

  // Forward pass: the logits of every row against its targets.
  bool any_masked = false;
  for (int r = 0; r < rows; ++r) {
    const int32_t positive = positive_of(r);
    const int32_t* noise = ws.noise.data() + noise_.RowOffset(r);
    const float** targets = ws.targets.data() + r * width;
    float* logits = ws.scores.data() + r * width;
    ws.hidden_rows[r] = batch.hidden + r * stride;
    targets[0] = output_row(positive);
    for (int j = 0; j < k; ++j) targets[j + 1] = output_row(noise[j]);
    DotRows(ws.hidden_rows[r], targets, width, stride, logits);
    for (int j = 0; j < width; ++j) {
      const int32_t word = j == 0 ? positive : noise[j - 1];
      if (params.bias != nullptr) logits[j] += params.bias[word];
      if (correction != nullptr) logits[j] -= correction[word];
      if (j > 0 && variant_.mask_accidental_hits && word == positive) {
        logits[j] = kMasked;
        any_masked = true;
      }
    }
  }
  StepResult result;
  result.loss = BatchLoss()(ws.scores.data(), rows, width, lr, ws.grads.data());
  result.pairs = rows;
  if (any_masked) {
    for (size_t i = 0; i < static_cast<size_t>(rows) * width; ++i) {
      if (ws.scores[i] == kMasked) ws.grads[i] = 0.0f;
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
  noise_.ForEachTarget(batch, OnePositive(batch), ws.noise.data(),
                       update_from_all_rows, update_from_row);
  return result;
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_SAMPLED_OBJECTIVE_H_
