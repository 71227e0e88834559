// The multi-class N-pair loss (Sohn 2016, "Improved Deep Metric Learning
// with Multi-class N-pair Loss Objective"): a positive pair (h, u⁺) is scored
// against the positives of the other pairs of the batch, by dot product,
//   L = log(1 + Σ_{u⁻} exp(h·u⁻ - h·u⁺)).
// Batches are centre words with their contexts (see in_batch.h for which
// columns are a row's negatives). With embedding_l2 = λ > 0 each pair adds
// Sohn's penalty λ/2 (|h|² + |u⁺|²).
//
// Unlike infonce, the negatives are drawn from the data distribution (they
// are other centre words' contexts), not from Pn, and there is no log Pn
// correction: the scores estimate log p(w|h)/p(w) + const(h), a PMI, where
// infonce estimates log p(w|h)/Pn(w) + const(h).
#include <cmath>
#include <limits>
#include <memory>

#include "src/objectives/in_batch.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

struct NPairLoss {
  using Buffers = NoBuffers;

  double operator()(const Batch& batch, int m, float lr, int64_t stride,
                    InBatchWorkspace<NoBuffers>& ws) const {
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
      const float log_sum = sum > 0.0f
                                ? max_score + std::log(sum)
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
      ws.row_self[r] = -lr * l2 * pairs;
      if (l2 > 0.0f) {
        loss += 0.5 * l2 * pairs *
                Dot(ws.hidden_rows[r], ws.hidden_rows[r], stride);
      }
    }
    for (int c = 0; c < m; ++c) {
      ws.column_self[c] = -lr * l2;
      if (l2 > 0.0f)
        loss += 0.5 * l2 * Dot(ws.columns[c], ws.columns[c], stride);
    }
    return loss;
  }

  float l2;  // λ
};

}  // namespace

// Reads options.embedding_l2.
std::unique_ptr<Objective> NewNPairObjective(
    const ObjectiveOptions& options, const AliasSampler& /*noise*/,
    absl::Span<const int64_t> /*counts*/) {
  return std::make_unique<InBatchObjective<NPairLoss>>(
      NPairLoss{.l2 = options.embedding_l2});
}

}  // namespace nce2vec
