#include "src/query/subword_vectors.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/subword/subwords.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// Why a word outside the dictionary has no n-gram row.
std::string NoNgramReason(absl::string_view word, const SubwordOptions& s) {
  if (!s.enabled()) return "the model has no n-grams (maxn 0)";
  if (word == kFastTextEos) {
    return "fastText's end-of-sentence token has no n-grams";
  }
  return absl::StrCat("it is shorter than the model's shortest n-gram (",
                      s.minn,
                      " characters, with the boundary marks '<' and "
                      "'>')");
}

}  // namespace

absl::StatusOr<SubwordVectors> SubwordVectors::Load(const std::string& path) {
  ASSIGN_OR_RETURN(FastTextModel model,
                   ReadFastTextModel(path, {.output = false}));
  return SubwordVectors(std::move(model));
}

SubwordVectors::SubwordVectors(FastTextModel model) : model_(std::move(model)) {
  index_.reserve(model_.words.size());
  for (size_t i = 0; i < model_.words.size(); ++i) {
    index_.emplace(absl::string_view(model_.words[i]), static_cast<int32_t>(i));
  }
}

int32_t SubwordVectors::Find(absl::string_view word) const {
  const auto it = index_.find(word);
  return it == index_.end() ? -1 : it->second;
}

absl::StatusOr<int> SubwordVectors::Vector(absl::string_view word,
                                           float* out) const {
  std::vector<int32_t> rows;
  const int32_t id = Find(word);
  if (id >= 0) rows.push_back(id);
  AppendNgramRows(word, model_.args.subwords,
                  static_cast<int32_t>(model_.words.size()), rows);
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "word '", word,
        "' is not in the vocabulary and has no n-gram in the model: ",
        NoNgramReason(word, model_.args.subwords)));
  }
  MeanOfRows(model_.input, rows, out);
  return static_cast<int>(rows.size()) - (id >= 0 ? 1 : 0);
}

absl::StatusOr<Matrix> SubwordVectors::DictionaryVectors(int64_t n) const {
  Matrix out(n, dim());
  if (out.data() == nullptr && n > 0) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "out of memory for the vectors of ", n, " words x ", dim(), " dims"));
  }
  const int32_t nwords = static_cast<int32_t>(model_.words.size());
#pragma omp parallel
  {
    std::vector<int32_t> rows;
#pragma omp for schedule(dynamic, 1024)
    for (int64_t i = 0; i < n; ++i) {
      rows.assign(1, static_cast<int32_t>(i));
      AppendNgramRows(model_.words[i], model_.args.subwords, nwords, rows);
      MeanOfRows(model_.input, rows, out.row(i));
    }
  }
  return out;
}

}  // namespace nce2vec
