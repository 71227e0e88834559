// The machinery shared by the sampled distance-based objectives (contrastive,
// triplet): each batch row's hidden vector h is an anchor with one positive
// output vector u⁺ and k noise output vectors u⁻_j drawn from Pn (one set
// shared by all rows, or one per row), compared by squared Euclidean
// distance q = |h - u|². The objective supplies a RowLoss, a type with
//   float operator()(const float* q, int width, float* dq) const
// where q[0] is the positive's squared distance and q[1..width-1] the noise
// words'; a noise word equal to the row's positive has q = +inf (it is
// neither pulled nor pushed) and must get dq = 0. It returns the row's loss
// and sets dq = dL/dq. It is a template argument, so the call is inlined.
//
// Since dq/dh = 2(h - u) and dq/du = 2(u - h), an output row's update reads
// the row itself. The targets are therefore copied before any write, which
// keeps the batch gradient exact when a word is drawn twice.
#ifndef NCE2VEC_OBJECTIVES_DISTANCE_STEP_H_
#define NCE2VEC_OBJECTIVES_DISTANCE_STEP_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "src/kernels/vector_ops.h"
#include "src/model/matrix.h"
#include "src/objectives/objective.h"
#include "src/objectives/squared_distance.h"
#include "src/sampler/alias_sampler.h"

namespace nce2vec {

struct DistanceWorkspace : Workspace {
  DistanceWorkspace(int max_rows, int negatives, bool shared)
      : max_rows(max_rows),
        noise(static_cast<size_t>(shared ? 1 : max_rows) * negatives),
        q(static_cast<size_t>(max_rows) * (negatives + 1)),
        coeff(q.size()),
        targets(q.size()),
        hidden_rows(max_rows),
        column(max_rows) {}
  int max_rows;
  std::vector<int32_t> noise;  // k ids, or rows x k when not shared
  // Snapshot of the target rows: the positives, then the noise words.
  Matrix copy;
  std::vector<float> q;      // rows x (k+1) squared distances
  std::vector<float> coeff;  // rows x (k+1): 2 lr dL/dq
  std::vector<const float*> targets;  // rows x (k+1) rows of `copy`
  std::vector<const float*> hidden_rows;
  std::vector<float> column;  // one column of coeff, gathered
};

struct DistanceSettings {
  const AliasSampler* noise = nullptr;
  int negatives = 5;
  bool shared_negatives = true;
};

template <typename RowLoss>
StepResult DistanceStep(const DistanceSettings& settings, const RowLoss& loss,
                        const Batch& batch, float lr, OutputParams& params,
                        DistanceWorkspace& ws, Rng& rng) {
  const int rows = batch.rows;
  const int k = settings.negatives;
  const int width = k + 1;
  const int64_t stride = params.stride;
  const int noise_count = (settings.shared_negatives ? 1 : rows) * k;
  for (int j = 0; j < noise_count; ++j) ws.noise[j] = settings.noise->Sample(rng);
  const int noise_row_stride = settings.shared_negatives ? 0 : k;
  auto positive_of = [&](int r) {
    return batch.positives[batch.positive_begin[r]];
  };
  auto output_row = [&](int32_t word) { return params.vectors + word * stride; };
  // A skip-gram window's rows all predict its centre word: one copy, one
  // gathered update.
  bool one_positive = true;
  for (int r = 1; r < rows; ++r) one_positive &= positive_of(r) == positive_of(0);
  const int positive_slots = one_positive ? 1 : rows;

  const int max_noise = static_cast<int>(ws.noise.size());
  EnsureRows(ws.copy, ws.max_rows + max_noise, stride);
  for (int s = 0; s < positive_slots; ++s) {
    Copy(output_row(positive_of(s)), ws.copy.row(s), stride);
  }
  for (int j = 0; j < noise_count; ++j) {
    Copy(output_row(ws.noise[j]), ws.copy.row(positive_slots + j), stride);
  }

  StepResult result;
  for (int r = 0; r < rows; ++r) {
    const int32_t positive = positive_of(r);
    const int noise_slot = positive_slots + r * noise_row_stride;
    const float** targets = ws.targets.data() + r * width;
    float* q = ws.q.data() + r * width;
    float* coeff = ws.coeff.data() + r * width;
    ws.hidden_rows[r] = batch.hidden + r * stride;
    targets[0] = ws.copy.row(one_positive ? 0 : r);
    for (int j = 0; j < k; ++j) targets[j + 1] = ws.copy.row(noise_slot + j);
    SquaredDistanceRows(ws.hidden_rows[r], targets, width, stride, q);
    const int32_t* noise = ws.noise.data() + r * noise_row_stride;
    for (int j = 0; j < k; ++j) {
      if (noise[j] == positive) q[j + 1] = std::numeric_limits<float>::infinity();
    }
    result.loss += loss(q, width, coeff);
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

  // -lr dL/du_j = Σ_r 2 lr dL/dq_rj (h_r - u_j), u_j from the copy.
  auto update_from_all_rows = [&](int32_t word, int column, const float* old) {
    float total = 0.0f;
    bool any = false;
    for (int r = 0; r < rows; ++r) {
      ws.column[r] = ws.coeff[r * width + column];
      total += ws.column[r];
      any |= ws.column[r] != 0.0f;
    }
    if (!any) return;  // no row's hinge is active for this word
    float* out = output_row(word);
    AddCombination(ws.column.data(), ws.hidden_rows.data(), rows, stride, out);
    Axpy(-total, old, out, stride);
  };
  auto update_from_row = [&](int32_t word, int r, int column) {
    const float c = ws.coeff[r * width + column];
    if (c == 0.0f) return;
    float* out = output_row(word);
    Axpy(c, ws.hidden_rows[r], out, stride);
    Axpy(-c, ws.targets[r * width + column], out, stride);
  };
  if (one_positive) {
    update_from_all_rows(positive_of(0), 0, ws.copy.row(0));
  } else {
    for (int r = 0; r < rows; ++r) update_from_row(positive_of(r), r, 0);
  }
  for (int j = 0; j < k; ++j) {
    if (settings.shared_negatives) {
      update_from_all_rows(ws.noise[j], j + 1, ws.copy.row(positive_slots + j));
    } else {
      for (int r = 0; r < rows; ++r) update_from_row(ws.noise[r * k + j], r, j + 1);
    }
  }
  return result;
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_DISTANCE_STEP_H_
