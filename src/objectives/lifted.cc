#include "src/objectives/lifted.h"

#include <cmath>
#include <vector>

#include "src/objectives/in_batch.h"

namespace nce2vec {
namespace {

// MARGIN_COMMENT
constexpr float kDefaultMargin = 1.0f;

struct LiftedWorkspace : InBatchWorkspace {
  LiftedWorkspace(int max_rows, int max_positives)
      : InBatchWorkspace(max_rows, max_positives),
        row_sum(max_rows),
        row_weight(max_rows),
        column_sum(max_positives),
        column_weight(max_positives),
        positive_grad(max_positives) {}
  // Σ exp(ε - D) over a row's (column's) negatives.
  std::vector<float> row_sum;
  // Σ over the row's pairs of J / (its two sums): the weight of the row's
  // negatives in dJ/dD.
  std::vector<float> row_weight;
  std::vector<float> column_sum;
  std::vector<float> column_weight;  // the same for column c's one pair
  std::vector<float> positive_grad;  // dJ/dD of column c's pair: J
};

class LiftedObjective final : public Objective {
 public:
  explicit LiftedObjective(const ObjectiveOptions& options)
      : margin_(options.margin > 0.0f ? options.margin : kDefaultMargin) {}

  absl::string_view name() const override { return "lifted"; }
  BatchShape batch_shape() const override { return BatchShape::kCentreRows; }
  int preferred_rows() const override { return kInBatchRows; }

  std::unique_ptr<Workspace> NewWorkspace(int max_rows,
                                          int max_positives) const override {
    return std::make_unique<LiftedWorkspace>(max_rows, max_positives);
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& /*rng*/) const override {
    auto& ws = static_cast<LiftedWorkspace&>(workspace);
    const int rows = batch.rows;
    const int m = GatherInBatch(batch, params, ws);
    // Distances into ws.values, exp(ε - D) of the negatives into ws.coeff.
    for (int c = 0; c < m; ++c) ws.column_sum[c] = 0.0f;
    for (int r = 0; r < rows; ++r) {
      float* d = ws.values.data() + r * m;
      float* e = ws.coeff.data() + r * m;
      const uint8_t* negative = ws.negative.data() + r * m;
      SquaredDistanceRows(ws.hidden_rows[r], ws.columns.data(), m,
                          params.stride, d);
      float sum = 0.0f;
      for (int c = 0; c < m; ++c) {
        d[c] = std::sqrt(d[c]);
        e[c] = negative[c] ? std::exp(margin_ - d[c]) : 0.0f;
        sum += e[c];
        ws.column_sum[c] += e[c];
      }
      ws.row_sum[r] = sum;
      ws.row_weight[r] = 0.0f;
    }

    double loss = 0;
    for (int r = 0; r < rows; ++r) {
      for (int c = batch.positive_begin[r]; c < batch.positive_begin[r + 1]; ++c) {
        const float sum = ws.row_sum[r] + ws.column_sum[c];
        const float j = sum > 0.0f ? std::log(sum) + ws.values[r * m + c] : 0.0f;
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
        // Near D = 0 the direction h - u vanishes with D; the floor only keeps
        // rounding in D from blowing the step up.
        coeff[c] = lr * grad / std::fmax(d[c], 1e-6f);
        self -= coeff[c];
        ws.column_self[c] -= coeff[c];
      }
      ws.row_self[r] = self;
    }
    ApplyInBatchGradient(batch, m, lr, params, ws);
    StepResult result;
    result.loss = loss;
    result.pairs = m;
    return result;
  }

 private:
  float margin_;
};

}  // namespace

std::unique_ptr<Objective> NewLiftedObjective(const ObjectiveOptions& options,
                                              const AliasSampler& /*noise*/) {
  return std::make_unique<LiftedObjective>(options);
}

}  // namespace nce2vec
