#include "src/query/nearest.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "src/kernels/vector_ops.h"
#include "src/util/blas_threads.h"

namespace nce2vec {
namespace {

// Score block per thread = (queries per block * vectors per query) x
// kRowBlock floats: at most 3 * 128 * 2048 * 4 bytes = 3 MB, small enough to
// stay in cache between the product and the top-k scan.
constexpr int64_t kQueryBlock = 128;
constexpr int64_t kRowBlock = 2048;

// Max-heap on "worse": the front is the candidate to evict.
bool Better(const Neighbour& x, const Neighbour& y) {
  return x.score > y.score || (x.score == y.score && x.row < y.row);
}

class TopK {
 public:
  explicit TopK(int k) : k_(k) { heap_.reserve(k); }

  // Rows arrive in increasing order, so a candidate that only ties the
  // current worst never displaces it (the lower row wins).
  void Push(int32_t row, float score, absl::Span<const int32_t> exclude) {
    if (static_cast<int>(heap_.size()) == k_ && !(score > heap_.front().score))
      return;
    if (std::find(exclude.begin(), exclude.end(), row) != exclude.end()) return;
    if (static_cast<int>(heap_.size()) < k_) {
      heap_.push_back({row, score});
      std::push_heap(heap_.begin(), heap_.end(), Better);
      return;
    }
    std::pop_heap(heap_.begin(), heap_.end(), Better);
    heap_.back() = {row, score};
    std::push_heap(heap_.begin(), heap_.end(), Better);
  }

  // Pushes scores[0, n) as rows r0, r0 + 1, ... Most scores fall below the
  // current k-th best, so chunks are first checked by a vectorised maximum.
  void PushAll(const float* scores, int64_t n, int32_t r0,
               absl::Span<const int32_t> exclude) {
    int64_t r = 0;
    for (; r < n && static_cast<int>(heap_.size()) < k_; ++r) {
      Push(r0 + static_cast<int32_t>(r), scores[r], exclude);
    }
    constexpr int64_t kChunk = 32;
    for (; r < n; r += kChunk) {
      const int64_t end = std::min(r + kChunk, n);
      float best = -std::numeric_limits<float>::infinity();
#pragma omp simd reduction(max : best)
      for (int64_t i = r; i < end; ++i) best = std::max(best, scores[i]);
      if (!(best > heap_.front().score)) continue;
      for (int64_t i = r; i < end; ++i) {
        Push(r0 + static_cast<int32_t>(i), scores[i], exclude);
      }
    }
  }

  std::vector<Neighbour> Sorted() && {
    std::sort_heap(heap_.begin(), heap_.end(), Better);
    return std::move(heap_);
  }

 private:
  int k_;
  std::vector<Neighbour> heap_;
};

// The scores of one query against a block of n rows, from its kVectors rows
// of the product (each n long); `buffer` has room for n floats.
struct DotScore {
  static constexpr int kVectors = 1;
  static const float* Combine(const float* s, int64_t /*n*/,
                              float* /*buffer*/) {
    return s;
  }
};

struct CosMulScore {
  static constexpr int kVectors = 3;  // a, b, c
  static const float* Combine(const float* s, int64_t n, float* buffer) {
    const float* a = s;
    const float* b = s + n;
    const float* c = s + 2 * n;
#pragma omp simd
    for (int64_t r = 0; r < n; ++r) {
      buffer[r] = (1.0f + b[r]) * 0.5f * ((1.0f + c[r]) * 0.5f) /
                  ((1.0f + a[r]) * 0.5f + 1e-6f);
    }
    return buffer;
  }
};

// Scores one block of queries against all rows, blocked over rows.
// `queries` holds Score::kVectors consecutive rows per query.
template <typename Score>
void TopKForQueryBlock(const Embeddings& e, const Matrix& queries,
                       absl::Span<const std::vector<int32_t>> exclude, int k,
                       int64_t rows, int64_t q0, int64_t nq, float* scores,
                       std::vector<std::vector<Neighbour>>* results) {
  const int stride = static_cast<int>(e.vectors().stride());
  std::vector<TopK> heaps(nq, TopK(k));
  std::vector<float> combined(Score::kVectors > 1 ? kRowBlock : 0);
  for (int64_t r0 = 0; r0 < rows; r0 += kRowBlock) {
    const int64_t nr = std::min(kRowBlock, rows - r0);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                static_cast<int>(nq * Score::kVectors), static_cast<int>(nr),
                e.dim(), 1.0f, queries.row(q0 * Score::kVectors), stride,
                e.row(r0), stride, 0.0f, scores, static_cast<int>(nr));
    for (int64_t j = 0; j < nq; ++j) {
      absl::Span<const int32_t> ex;
      if (!exclude.empty()) ex = exclude[q0 + j];
      heaps[j].PushAll(Score::Combine(scores + j * Score::kVectors * nr, nr,
                                      combined.data()),
                       nr, static_cast<int32_t>(r0), ex);
    }
  }
  for (int64_t j = 0; j < nq; ++j) {
    (*results)[q0 + j] = std::move(heaps[j]).Sorted();
  }
}

// Query blocks are split over OpenMP threads, each with its own score block
// and heaps and a single-threaded sgemm: OpenBLAS's own threads would
// compete with ours for the cores. One block alone (a few queries) is left
// to OpenBLAS's threading.
template <typename Score>
std::vector<std::vector<Neighbour>> BlockedTopK(
    const Embeddings& e, const Matrix& queries,
    absl::Span<const std::vector<int32_t>> exclude, int k, int64_t rows) {
  const int64_t num_queries = queries.rows() / Score::kVectors;
  std::vector<std::vector<Neighbour>> results(num_queries);
  if (rows <= 0 || rows > e.size()) rows = e.size();
  k = static_cast<int>(std::min<int64_t>(k, rows));
  if (num_queries == 0 || k <= 0) return results;
  const int64_t block_floats = kQueryBlock * Score::kVectors * kRowBlock;
  const int64_t num_blocks = (num_queries + kQueryBlock - 1) / kQueryBlock;
  if (num_blocks == 1) {
    std::unique_ptr<float[]> scores(new float[block_floats]);
    TopKForQueryBlock<Score>(e, queries, exclude, k, rows, 0, num_queries,
                             scores.get(), &results);
    return results;
  }
  const SingleThreadedBlas single_threaded_blas;
#pragma omp parallel
  {
    std::unique_ptr<float[]> scores(new float[block_floats]);
#pragma omp for schedule(dynamic, 1)
    for (int64_t b = 0; b < num_blocks; ++b) {
      const int64_t q0 = b * kQueryBlock;
      TopKForQueryBlock<Score>(e, queries, exclude, k, rows, q0,
                               std::min(kQueryBlock, num_queries - q0),
                               scores.get(), &results);
    }
  }
  return results;
}

void Normalise(float* v, int64_t n) {
  const float norm = std::sqrt(Dot(v, v, n));
  if (norm == 0.0f) return;
  const float inv = 1.0f / norm;
  for (int64_t i = 0; i < n; ++i) v[i] *= inv;
}

const float* QueryRow(const Embeddings& e, const Matrix& unseen, int32_t row) {
  return row >= 0 ? e.row(row) : unseen.row(-1 - static_cast<int64_t>(row));
}

}  // namespace

Matrix SumOfRows(const Embeddings& e,
                 absl::Span<const std::vector<int32_t>> queries,
                 const Matrix& unseen) {
  Matrix out(static_cast<int64_t>(queries.size()), e.dim());
  const int64_t stride = out.stride();
  for (size_t i = 0; i < queries.size(); ++i) {
    float* v = out.row(i);
    for (const int32_t row : queries[i]) {
      Add(QueryRow(e, unseen, row), v, stride);
    }
    Normalise(v, stride);
  }
  return out;
}

std::vector<std::vector<Neighbour>> NearestByCosine(
    const Embeddings& e, const Matrix& queries,
    absl::Span<const std::vector<int32_t>> exclude, int k, int64_t rows) {
  return BlockedTopK<DotScore>(e, queries, exclude, k, rows);
}

std::vector<std::vector<Neighbour>> SolveAnalogies(
    const Embeddings& e, absl::Span<const AnalogyQuestion> questions,
    AnalogyMethod method, int k, int64_t rows, const Matrix& unseen) {
  std::vector<std::vector<int32_t>> exclude(questions.size());
  for (size_t i = 0; i < questions.size(); ++i) {
    exclude[i] = {questions[i].a, questions[i].b, questions[i].c};
  }
  const int64_t stride = e.vectors().stride();
  const auto row = [&](int32_t r) { return QueryRow(e, unseen, r); };
  if (method == AnalogyMethod::k3CosAdd) {
    Matrix q(static_cast<int64_t>(questions.size()), e.dim());
    for (size_t i = 0; i < questions.size(); ++i) {
      float* v = q.row(i);
      Copy(row(questions[i].b), v, stride);
      Add(row(questions[i].c), v, stride);
      Axpy(-1.0f, row(questions[i].a), v, stride);
      Normalise(v, stride);
    }
    return BlockedTopK<DotScore>(e, q, exclude, k, rows);
  }
  Matrix q(3 * static_cast<int64_t>(questions.size()), e.dim());
  for (size_t i = 0; i < questions.size(); ++i) {
    Copy(row(questions[i].a), q.row(3 * i), stride);
    Copy(row(questions[i].b), q.row(3 * i + 1), stride);
    Copy(row(questions[i].c), q.row(3 * i + 2), stride);
  }
  return BlockedTopK<CosMulScore>(e, q, exclude, k, rows);
}

}  // namespace nce2vec
