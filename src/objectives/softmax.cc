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
//
// Threads and the output matrix. Every step writes every output row, so the
// Hogwild habit of updating without a lock would lose updates outright: two
// threads adding their step's product into the same rows at once each
// read-modify-write whole cache lines, and one sum overwrites the other
// (measured before this lock: held-out perplexity 778.4 with 2 threads
// against 777.3 with 1 on 523k words). The output update is therefore
// applied stripe by stripe of the vocabulary, each stripe under its own
// mutex, so that no update is ever lost at any thread count. A thread takes
// the stripes that are free first and waits only for the rest, so two
// threads rarely wait on each other (the update is a third of a step's
// work). What stays lock-free is reading: a step's scores may see another
// thread's update of some stripes and not others, a delay of at most one
// concurrent step per thread, which asynchronous SGD's analysis (Recht et
// al. 2011) allows for, not a lost gradient. With one thread every lock is
// free and the result is bit-identical to one whole-matrix update: a stripe
// is a multiple of 64 rows starting at a multiple of 64, so sgemm cuts it
// into the same micro-tiles as the whole matrix and sums each element's
// terms in the same order (checked with cmp against the unstriped update;
// stripes of other sizes changed the last bits).
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <mutex>
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

// Stripes of the output matrix, each written under its own lock: at most
// 64 (a bit mask tracks them), each a multiple of kStripeAlign rows (see
// above). That keeps a stripe's update a sizeable sgemm (256 rows at a 15k
// vocabulary) and the chance that two of a few threads want the same stripe
// small.
constexpr int kStripes = 64;
constexpr int32_t kStripeAlign = 64;

class SoftmaxObjective final : public Objective {
 public:
  explicit SoftmaxObjective(int32_t vocab_size)
      : vocab_size_(vocab_size),
        stripe_rows_(StripeRows(vocab_size)),
        stripe_locks_(new std::mutex[kStripes]) {}

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
    ApplyOutputUpdate(rows, scores, batch.hidden, params);
    return result;
  }

 private:
  static int32_t StripeRows(int32_t vocab_size) {
    const int32_t rows = (vocab_size + kStripes - 1) / kStripes;
    return (rows + kStripeAlign - 1) / kStripeAlign * kStripeAlign;
  }

  // U += G^T H for the scores' gradient G (rows x |V|) and the hidden rows
  // H, and b += the column sums of G, one stripe of the vocabulary at a
  // time under that stripe's lock: first every stripe whose lock is free,
  // then, waiting, the others.
  void ApplyOutputUpdate(int rows, const float* gradient, const float* hidden,
                         OutputParams& params) const {
    uint64_t pending = 0;
    for (int s = 0; s < kStripes; ++s) {
      if (s * stripe_rows_ < params.vocab_size) pending |= uint64_t{1} << s;
    }
    for (const bool wait : {false, true}) {
      for (int s = 0; s < kStripes && pending != 0; ++s) {
        if ((pending >> s & 1) == 0) continue;
        std::unique_lock<std::mutex> lock(stripe_locks_[s], std::defer_lock);
        if (wait) {
          lock.lock();
        } else if (!lock.try_lock()) {
          continue;
        }
        UpdateStripe(s, rows, gradient, hidden, params);
        pending &= ~(uint64_t{1} << s);
      }
    }
  }

  void UpdateStripe(int stripe, int rows, const float* gradient,
                    const float* hidden, OutputParams& params) const {
    const int32_t vocab = params.vocab_size;
    const int64_t stride = params.stride;
    const int32_t first = stripe * stripe_rows_;
    const int32_t n = std::min(stripe_rows_, vocab - first);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, stride, rows, 1.0f,
                gradient + first, vocab, hidden, stride, 1.0f,
                params.vectors + first * stride, stride);
    if (params.bias == nullptr) return;
    for (int r = 0; r < rows; ++r) {
      const float* g = gradient + static_cast<int64_t>(r) * vocab + first;
      float* b = params.bias + first;
#pragma omp simd
      for (int32_t v = 0; v < n; ++v) b[v] += g[v];
    }
  }

  int32_t vocab_size_;
  int32_t stripe_rows_;
  // Shared by the threads: the objective is otherwise immutable.
  std::unique_ptr<std::mutex[]> stripe_locks_;
};

}  // namespace

std::unique_ptr<Objective> NewSoftmaxObjective(
    const ObjectiveOptions& /*options*/, const AliasSampler& noise,
    absl::Span<const int64_t> /*counts*/) {
  return std::make_unique<SoftmaxObjective>(noise.size());
}

}  // namespace nce2vec
