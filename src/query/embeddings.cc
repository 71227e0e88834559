#include "src/query/embeddings.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// Scales v[0, cols) to unit length; false when it is zero. The sum is
// accumulated in double so that long rows normalise to within one ulp.
bool Normalise(float* v, int64_t cols) {
  double sum = 0.0;
  for (int64_t j = 0; j < cols; ++j) sum += static_cast<double>(v[j]) * v[j];
  if (sum == 0.0) return false;
  const float inv = static_cast<float>(1.0 / std::sqrt(sum));
  for (int64_t j = 0; j < cols; ++j) v[j] *= inv;
  return true;
}

}  // namespace

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
  for (int64_t i = 0; i < n; ++i) Normalise(e.vectors_.row(i), cols);
  e.index_.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    e.index_.emplace(absl::string_view(e.words_[i]), static_cast<int32_t>(i));
  }
  return e;
}

absl::StatusOr<Embeddings> Embeddings::LoadModel(const std::string& path,
                                                 int64_t limit) {
  ASSIGN_OR_RETURN(SubwordVectors model, SubwordVectors::Load(path));
  const int64_t n = limit > 0 ? std::min(limit, model.words()) : model.words();
  WordVectors vectors;
  ASSIGN_OR_RETURN(vectors.vectors, model.DictionaryVectors(n));
  vectors.words.assign(model.model().words.begin(),
                       model.model().words.begin() + n);
  Embeddings e = FromWordVectors(std::move(vectors));
  e.model_ = std::make_unique<const SubwordVectors>(std::move(model));
  return e;
}

int32_t Embeddings::Find(absl::string_view word) const {
  const auto it = index_.find(word);
  return it == index_.end() ? -1 : it->second;
}

absl::Status Embeddings::UnseenUnitVector(absl::string_view word,
                                          float* out) const {
  if (model_ == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("word '", word, "' is not in the vocabulary"));
  }
  RETURN_IF_ERROR(model_->Vector(word, out).status());
  if (!Normalise(out, dim())) {
    return absl::FailedPreconditionError(
        absl::StrCat("word '", word,
                     "' is not in the vocabulary and its vector from the "
                     "model is zero, so it has no direction"));
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
