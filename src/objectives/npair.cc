#include "src/objectives/npair.h"

#include <cmath>
#include <limits>

#include "src/objectives/in_batch.h"

namespace nce2vec {
namespace {

class NPairObjective final : public Objective {
 public:
  explicit NPairObjective(const ObjectiveOptions& options)
      : l2_(options.embedding_l2) {}

  absl::string_view name() const override { return "npair"; }
  BatchShape batch_shape() const override { return BatchShape::kCentreRows; }
  int preferred_rows() const override { return kInBatchRows; }

  std::unique_ptr<Workspace> NewWorkspace(int max_rows,
                                          int max_positives) const override {
    return std::make_unique<InBatchWorkspace>(max_rows, max_positives);
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& /*rng*/) const override {
    auto& ws = static_cast<InBatchWorkspace&>(workspace);
    const int m = GatherInBatch(batch, params, ws);
    const int64_t stride = params.stride;
    double loss = 0;
    for (int r = 0; r < batch.rows; ++r) {
      float* s = ws.values.data() + r * m;
      float* coeff = ws.coeff.data() + r * m;
      const uint8_t* negative = ws.negative.data() + r * m;
      DotRows(ws.hidden_rows[r], ws.columns.data(), m, stride, s);
      // log Σ_neg exp(s), once per row: every positive of the row shares
      // the row's negatives.
      float max_score = -std::numeric_limits<float>::infinity();
      for (int c = 0; c < m; ++c) {
        if (negative[c]) max_score = std::fmax(max_score, s[c]);
      }
      float sum = 0.0f;
      for (int c = 0; c < m; ++c) {
        coeff[c] = negative[c] ? std::exp(s[c] - max_score) : 0.0f;
        sum += coeff[c];
      }
      const float log_sum =
          sum > 0.0f ? max_score + std::log(sum)
                     : -std::numeric_limits<float>::infinity();
      // Pair (r, p): L = softplus(z), z = log Σ_neg exp(s) - s_p, so
      // dL/ds_p = -σ(z) and dL/ds_neg = σ(z) softmax_neg(s).
      const int begin = batch.positive_begin[r];
      const int end = batch.positive_begin[r + 1];
      float weight = 0.0f;
      for (int c = begin; c < end; ++c) {
        const float z = log_sum - s[c];
        loss += std::fmax(z, 0.0f) + std::log1p(std::exp(-std::fabs(z)));
        weight += 1.0f / (1.0f + std::exp(-z));
      }
      const float scale = sum > 0.0f ? -lr * weight / sum : 0.0f;
      for (int c = 0; c < m; ++c) coeff[c] *= scale;
      for (int c = begin; c < end; ++c) {
        coeff[c] = lr / (1.0f + std::exp(s[c] - log_sum));
      }
      const int pairs = end - begin;
      ws.row_self[r] = -lr * l2_ * pairs;
      if (l2_ > 0.0f) {
        loss += 0.5 * l2_ * pairs *
                Dot(ws.hidden_rows[r], ws.hidden_rows[r], stride);
      }
    }
    for (int c = 0; c < m; ++c) {
      ws.column_self[c] = -lr * l2_;
      if (l2_ > 0.0f) loss += 0.5 * l2_ * Dot(ws.columns[c], ws.columns[c], stride);
    }
    ApplyInBatchGradient(batch, m, lr, params, ws);
    StepResult result;
    result.loss = loss;
    result.pairs = m;
    return result;
  }

 private:
  float l2_;
};

}  // namespace

std::unique_ptr<Objective> NewNPairObjective(const ObjectiveOptions& options,
                                             const AliasSampler& /*noise*/) {
  return std::make_unique<NPairObjective>(options);
}

}  // namespace nce2vec
