// The sampled distance objectives (contrastive, triplet) are one class: each
// batch row's hidden vector h is an anchor with one positive output vector
// u⁺ and k noise output vectors u⁻_j (see sampled_workspace.h), compared by
// squared Euclidean distance q = |h - u|². The objective supplies a RowLoss,
// a type with
//   float operator()(const float* q, int width, float* dq) const
// where q[0] is the positive's squared distance and q[1..width-1] the noise
// words'; a noise word equal to the row's positive has q = +inf (it is
// neither pulled nor pushed) and must get dq = 0. It returns the row's loss
// and sets dq = dL/dq. It is a template argument, so the call is inlined.
//
// Since dq/dh = 2(h - u) and dq/du = 2(u - h), an output row's update reads
// the row itself. The targets are therefore copied before any write, which
// keeps the batch gradient exact when a word is drawn twice.
#ifndef NCE2VEC_OBJECTIVES_DISTANCE_OBJECTIVE_H_
#define NCE2VEC_OBJECTIVES_DISTANCE_OBJECTIVE_H_

#include <cstdint>
#include <limits>
#include <memory>

#include "src/kernels/vector_ops.h"
#include "src/objectives/objective.h"
#include "src/objectives/sampled_workspace.h"
#include "src/objectives/workspace.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

template <typename RowLoss>
class DistanceObjective final : public Objective {
 public:
  DistanceObjective(const ObjectiveOptions& options, const AliasSampler& noise,
                    RowLoss loss)
      : noise_(options, noise), loss_(loss) {}

  std::unique_ptr<Workspace> NewWorkspace(
      const WorkspaceShape& shape) const override {
    return NewWorkspaceOf<SampledWorkspace>(shape, noise_, SnapshotRows(shape));
  }

  uint64_t WorkspaceBytes(const WorkspaceShape& shape) const override {
    return PlannedBytesOf<SampledWorkspace>(shape, noise_, SnapshotRows(shape));
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& rng) const override;

 private:
  // The positives (one per row at most) and the noise words.
  int64_t SnapshotRows(const WorkspaceShape& shape) const {
    return shape.max_rows + noise_.Count(shape.max_rows);
  }

  NoiseSettings noise_;
  RowLoss loss_;
};

template <typename RowLoss>
StepResult DistanceObjective<RowLoss>::Step(const Batch& batch, float lr,
                                            OutputParams& params,
                                            Workspace& workspace,
                                            Rng& rng) const {
  auto& ws = static_cast<SampledWorkspace&>(workspace);
  const int rows = batch.rows;
  const int k = noise_.negatives;
  const int width = k + 1;
  const int64_t stride = params.stride;
  const int noise_count = noise_.Count(rows);
  noise_.Draw(rows, ws.noise.data(), rng);
  auto positive_of = [&](int r) {
    return batch.positives[batch.positive_begin[r]];
  };
  auto output_row = [&](int32_t word) {
    return params.vectors + word * stride;
  };
  // A skip-gram window's rows all predict its centre word: one copy, one
  // gathered update.
  const bool one_positive = OnePositive(batch);
  const int positive_slots = one_positive ? 1 : rows;

  for (int s = 0; s < positive_slots; ++s) {
    Copy(output_row(positive_of(s)), ws.snapshot.row(s), stride);
  }
  for (int j = 0; j < noise_count; ++j) {
    Copy(output_row(ws.noise[j]), ws.snapshot.row(positive_slots + j), stride);
  }

  StepResult result;
  for (int r = 0; r < rows; ++r) {
    const int32_t positive = positive_of(r);
    const int noise_slot = positive_slots + noise_.RowOffset(r);
    const float** targets = ws.targets.data() + r * width;
    float* q = ws.scores.data() + r * width;
    float* coeff = ws.grads.data() + r * width;
    ws.hidden_rows[r] = batch.hidden + r * stride;
    targets[0] = ws.snapshot.row(one_positive ? 0 : r);
    for (int j = 0; j < k; ++j)
      targets[j + 1] = ws.snapshot.row(noise_slot + j);
    SquaredDistanceRows(ws.hidden_rows[r], targets, width, stride, q);
    const int32_t* noise = ws.noise.data() + noise_.RowOffset(r);
    for (int j = 0; j < k; ++j) {
      if (noise[j] == positive)
        q[j + 1] = std::numeric_limits<float>::infinity();
    }
    result.loss += loss_(q, width, coeff);
    float total = 0.0f;
    for (int j = 0; j < width; ++j) {
      coeff[j] *= 2.0f * lr;
      total += coeff[j];
    }
    // -lr dL/dh = Σ_j 2 lr dL/dq_j (u_j - h).
    float* hidden_grad = batch.hidden_grad + r * stride;
    Zero(hidden_grad, stride);
    AddCombination(coeff, targets, width, stride, hidden_grad);
    Axpy(-total, ws.hidden_rows[r], hidden_grad, stride);
  }
  result.pairs = rows;
  if (lr == 0.0f) return result;

  // -lr dL/du_j = Σ_r 2 lr dL/dq_rj (h_r - u_j), u_j from the snapshot.
  // A word every row scores has one snapshot, row 0's target.
  auto update_from_all_rows = [&](int32_t word, int column) {
    float total = 0.0f;
    bool any = false;
    for (int r = 0; r < rows; ++r) {
      ws.column[r] = ws.grads[r * width + column];
      total += ws.column[r];
      any |= ws.column[r] != 0.0f;
    }
    if (!any) return;  // no row's hinge is active for this word
    float* out = output_row(word);
    AddCombination(ws.column.data(), ws.hidden_rows.data(), rows, stride, out);
    Axpy(-total, ws.targets[column], out, stride);
  };
  auto update_from_row = [&](int32_t word, int r, int column) {
    const float c = ws.grads[r * width + column];
    if (c == 0.0f) return;
    float* out = output_row(word);
    Axpy(c, ws.hidden_rows[r], out, stride);
    Axpy(-c, ws.targets[r * width + column], out, stride);
  };
  noise_.ForEachTarget(batch, one_positive, ws.noise.data(),
                       update_from_all_rows, update_from_row);
  return result;
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_DISTANCE_OBJECTIVE_H_
