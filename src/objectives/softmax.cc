// The full softmax: the exact log-likelihood of the positive under a
// distribution normalised over the whole vocabulary,
//   L = -s(w, h) + log Σ_{v ∈ V} exp s(v, h),
// with its exact gradient. It is the reference the other objectives are
// measured against, and costs O(|V| d) per centre word.
//
// A batch is many centre words (BatchShape::kCentreRows), each row carrying
// all its context words as positives: one normalisation serves a whole
// window, and the scores, the hidden gradient and the output update are
// three matrix products (OpenBLAS sgemm). With m_r positives in row r,
//   dL/ds(v, h_r) = m_r p(v | h_r) - #{positives of r equal to v}.
#include <cblas.h>

#include <cmath>
#include <memory>
#include <vector>

#include "src/kernels/fast_exp.h"
#include "src/objectives/registry.h"
#include "src/objectives/workspace.h"

namespace nce2vec {
namespace {

class SoftmaxWorkspace final : public WalkedWorkspace<SoftmaxWorkspace> {
 public:
  SoftmaxWorkspace(const WorkspaceShape& shape, int32_t vocab_size)
      : max_rows_(shape.max_rows), vocab_size_(vocab_size) {}

  void Walk(BufferPass& pass) {
    pass(scores, static_cast<int64_t>(max_rows_) * vocab_size_);
  }

  // rows x |V|: the scores, overwritten in place by -lr * dL/ds.
  std::vector<float> scores;

 private:
  int max_rows_;
  int32_t vocab_size_;
};

class SoftmaxObjective final : public Objective {
 public:
  explicit SoftmaxObjective(int32_t vocab_size) : vocab_size_(vocab_size) {}

  std::unique_ptr<Workspace> NewWorkspace(
      const WorkspaceShape& shape) const override {
    return NewWorkspaceOf<SoftmaxWorkspace>(shape, vocab_size_);
  }

  uint64_t WorkspaceBytes(const WorkspaceShape& shape) const override {
    return PlannedBytesOf<SoftmaxWorkspace>(shape, vocab_size_);
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
                1.0f, scores, vocab, batch.hidden, stride, 1.0f, params.vectors,
                stride);
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
    const ObjectiveOptions& /*options*/, const AliasSampler& noise,
    absl::Span<const int64_t> /*counts*/) {
  return std::make_unique<SoftmaxObjective>(noise.size());
}

}  // namespace nce2vec
