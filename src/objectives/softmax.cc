#include "src/objectives/softmax.h"

#include <cblas.h>

#include <cmath>
#include <vector>

#include "src/kernels/fast_exp.h"

namespace nce2vec {
namespace {

struct SoftmaxWorkspace : Workspace {
  SoftmaxWorkspace(int max_rows, int32_t vocab_size)
      : scores(static_cast<size_t>(max_rows) * vocab_size) {}
  // rows x |V|: the scores, overwritten in place by -lr * dL/ds.
  std::vector<float> scores;
};

class SoftmaxObjective final : public Objective {
 public:
  explicit SoftmaxObjective(int32_t vocab_size) : vocab_size_(vocab_size) {}

  absl::string_view name() const override { return "softmax"; }
  BatchShape batch_shape() const override { return BatchShape::kCentreRows; }
  int preferred_rows() const override { return kSoftmaxBatchRows; }

  std::unique_ptr<Workspace> NewWorkspace(int max_rows,
                                          int /*max_positives*/) const override {
    return std::make_unique<SoftmaxWorkspace>(max_rows, vocab_size_);
  }

  StepResult Step(const Batch& batch, float lr, OutputParams& params,
                  Workspace& workspace, Rng& /*rng*/) const override {
    auto& ws = static_cast<SoftmaxWorkspace&>(workspace);
    const int rows = batch.rows;
    const int32_t vocab = params.vocab_size;
    const int64_t stride = params.stride;
    float* scores = ws.scores.data();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, vocab, stride,
                1.0f, batch.hidden, stride, params.vectors, stride, 0.0f,
                scores, vocab);

    StepResult result;
    for (int r = 0; r < rows; ++r) {
      float* s = scores + static_cast<int64_t>(r) * vocab;
      if (params.bias != nullptr) {
#pragma omp simd
        for (int32_t v = 0; v < vocab; ++v) s[v] += params.bias[v];
      }
      const int32_t* begin = batch.positives + batch.positive_begin[r];
      const int32_t* end = batch.positives + batch.positive_begin[r + 1];
      const int positives = static_cast<int>(end - begin);
      double positive_scores = 0;
      for (const int32_t* p = begin; p < end; ++p) positive_scores += s[*p];
      float max_score = s[0];
#pragma omp simd reduction(max : max_score)
      for (int32_t v = 0; v < vocab; ++v) {
        max_score = s[v] > max_score ? s[v] : max_score;
      }
      float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
      for (int32_t v = 0; v < vocab; ++v) {
        s[v] = FastExp(s[v] - max_score);
        sum += s[v];
      }
      const double log_z = max_score + std::log(static_cast<double>(sum));
      result.loss += positives * log_z - positive_scores;
      // s now holds exp(s - max); dL/ds = m p - [positive], scaled by -lr.
      const float scale = -lr * positives / sum;
#pragma omp simd
      for (int32_t v = 0; v < vocab; ++v) s[v] *= scale;
      for (const int32_t* p = begin; p < end; ++p) s[*p] += lr;
      result.pairs += positives;
    }

    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, stride, vocab,
                1.0f, scores, vocab, params.vectors, stride, 0.0f,
                batch.hidden_grad, stride);
    if (lr == 0.0f) return result;
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, vocab, stride, rows,
                1.0f, scores, vocab, batch.hidden, stride, 1.0f,
                params.vectors, stride);
    if (params.bias != nullptr) {
      for (int r = 0; r < rows; ++r) {
        const float* g = scores + static_cast<int64_t>(r) * vocab;
#pragma omp simd
        for (int32_t v = 0; v < vocab; ++v) params.bias[v] += g[v];
      }
    }
    return result;
  }

 private:
  int32_t vocab_size_;
};

}  // namespace

std::unique_ptr<Objective> NewSoftmaxObjective(
    const ObjectiveOptions& /*options*/, const AliasSampler& noise) {
  return std::make_unique<SoftmaxObjective>(noise.size());
}

}  // namespace nce2vec
