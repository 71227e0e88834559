#include "src/query/embeddings.h"

#include <cmath>
#include <utility>

#include "src/util/status_macros.h"

namespace nce2vec {

absl::StatusOr<Embeddings> Embeddings::Load(const std::string& path,
                                            int64_t limit) {
  ReadVectorsOptions options;
  options.limit = limit;
  ASSIGN_OR_RETURN(WordVectors vectors, ReadVectors(path, options));
  return FromWordVectors(std::move(vectors));
}

Embeddings Embeddings::FromWordVectors(WordVectors vectors) {
  Embeddings e;
  e.words_ = std::move(vectors.words);
  e.vectors_ = std::move(vectors.vectors);
  const int64_t cols = e.vectors_.cols();
  const int64_t n = e.size();
  // Memory-bound: threads pay off only on large vocabularies, and starting
  // them costs more than the work on a small one.
#pragma omp parallel for schedule(static) if (n > 500000)
  for (int64_t i = 0; i < n; ++i) {
    float* v = e.vectors_.row(i);
    // Accumulate in double so that long rows normalise to within one ulp.
    double sum = 0.0;
    for (int64_t j = 0; j < cols; ++j) sum += static_cast<double>(v[j]) * v[j];
    if (sum == 0.0) continue;
    const float inv = static_cast<float>(1.0 / std::sqrt(sum));
    for (int64_t j = 0; j < cols; ++j) v[j] *= inv;
  }
  e.index_.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    e.index_.emplace(absl::string_view(e.words_[i]), static_cast<int32_t>(i));
  }
  return e;
}

int32_t Embeddings::Find(absl::string_view word) const {
  const auto it = index_.find(word);
  return it == index_.end() ? -1 : it->second;
}

}  // namespace nce2vec
