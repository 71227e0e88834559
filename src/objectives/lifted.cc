// The lifted structured loss (Song, Xiang, Jegelka & Savarese 2016, "Deep
// Metric Learning via Lifted Structured Feature Embedding"), in its smoothed
// form: for each positive pair (i, j) of a batch, with Euclidean distances D,
//   J_ij = max(0, log(Σ_{(i,k)∈N} exp(ε - D_ik) + Σ_{(j,l)∈N} exp(ε - D_jl))
//                 + D_ij),
// and the pair's loss ½ J_ij². The paper's J is the mean of ½ J_ij² over the
// batch's positive pairs; we sum it, as every objective here sums over pairs
// so that the learning rate means the same step per pair, and report the
// mean.
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
#include <cmath>
#include <memory>
#include <vector>

#include "src/objectives/in_batch.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

struct LiftedBuffers {
  void Walk(BufferPass& pass, const WorkspaceShape& shape) {
    pass(row_sum, shape.max_rows);
    pass(row_weight, shape.max_rows);
    pass(column_sum, shape.max_positives);
    pass(column_weight, shape.max_positives);
    pass(positive_grad, shape.max_positives);
  }

  // Σ exp(ε - D) over a row's (column's) negatives.
  std::vector<float> row_sum;
  // Σ over the row's pairs of J / (its two sums): the weight of the row's
  // negatives in dJ/dD.
  std::vector<float> row_weight;
  std::vector<float> column_sum;
  std::vector<float> column_weight;  // the same for column c's one pair
  std::vector<float> positive_grad;  // dJ/dD of column c's pair: J
};

struct LiftedLoss {
  using Buffers = LiftedBuffers;

  double operator()(const Batch& batch, int m, float lr, int64_t stride,
                    InBatchWorkspace<LiftedBuffers>& ws) const {
    const int rows = batch.rows;
    // Distances into ws.values, exp(ε - D) of the negatives into ws.coeff.
    for (int c = 0; c < m; ++c) ws.column_sum[c] = 0.0f;
    for (int r = 0; r < rows; ++r) {
      float* d = ws.values.data() + r * m;
      float* e = ws.coeff.data() + r * m;
      const uint8_t* negative = ws.negative.data() + r * m;
      SquaredDistanceRows(ws.hidden_rows[r], ws.columns.data(), m, stride, d);
      float sum = 0.0f;
      for (int c = 0; c < m; ++c) {
        d[c] = std::sqrt(d[c]);
        e[c] = negative[c] ? std::exp(margin - d[c]) : 0.0f;
        sum += e[c];
        ws.column_sum[c] += e[c];
      }
      ws.row_sum[r] = sum;
      ws.row_weight[r] = 0.0f;
    }

    double loss = 0;
    for (int r = 0; r < rows; ++r) {
      for (int c = batch.positive_begin[r]; c < batch.positive_begin[r + 1];
           ++c) {
        const float sum = ws.row_sum[r] + ws.column_sum[c];
        const float j =
            sum > 0.0f ? std::log(sum) + ws.values[r * m + c] : 0.0f;
        if (j > 0.0f) {
          loss += 0.5 * j * j;
          ws.row_weight[r] += j / sum;
          ws.column_weight[c] = j / sum;
          ws.positive_grad[c] = j;
        } else {
          ws.column_weight[c] = 0.0f;
          ws.positive_grad[c] = 0.0f;
        }
      }
    }

    // dJ/dD is -exp(ε - D)(row weight + column weight) on a negative and J
    // on a pair; dD/dh = (h - u)/D and dD/du = (u - h)/D give the
    // coefficients of in_batch.h, all scaled by lr / D.
    for (int c = 0; c < m; ++c) ws.column_self[c] = 0.0f;
    for (int r = 0; r < rows; ++r) {
      const float* d = ws.values.data() + r * m;
      float* coeff = ws.coeff.data() + r * m;
      const uint8_t* negative = ws.negative.data() + r * m;
      float self = 0.0f;
      for (int c = 0; c < m; ++c) {
        float grad = 0.0f;
        if (negative[c]) {
          grad = -coeff[c] * (ws.row_weight[r] + ws.column_weight[c]);
        } else if (ws.owner[c] == r) {
          grad = ws.positive_grad[c];
        }
        // Near D = 0 the direction h - u vanishes with D; the floor only
        // keeps rounding in D from blowing the step up.
        coeff[c] = lr * grad / std::fmax(d[c], 1e-6f);
        self -= coeff[c];
        ws.column_self[c] -= coeff[c];
      }
      ws.row_self[r] = self;
    }
    return loss;
  }

  float margin;  // ε
};

}  // namespace

// Reads options.margin (ε).
std::unique_ptr<Objective> NewLiftedObjective(
    const ObjectiveOptions& options, const AliasSampler& /*noise*/,
    absl::Span<const int64_t> /*counts*/) {
  return std::make_unique<InBatchObjective<LiftedLoss>>(
      LiftedLoss{.margin = options.margin});
}

}  // namespace nce2vec
