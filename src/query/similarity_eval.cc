#include "src/query/similarity_eval.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "src/kernels/vector_ops.h"
#include "src/query/case_fold.h"
#include "src/query/correlation.h"
#include "src/query/text_file.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// Python's float() on the field: surrounding whitespace and a leading '+'
// allowed, the whole rest must be the number.
bool ParseScore(absl::string_view field, double* value) {
  field = absl::StripAsciiWhitespace(field);
  if (absl::ConsumePrefix(&field, "+") &&
      (field.empty() || field.front() == '-')) {
    return false;
  }
  const auto [end, ec] =
      std::from_chars(field.data(), field.data() + field.size(), *value);
  return !field.empty() && ec == std::errc() &&
         end == field.data() + field.size() && std::isfinite(*value);
}

// The unit vector of `word`: its row among the restricted vocabulary, else
// (from a model) its vector composed into `unseen`; nullptr if it has none.
const float* Vector(const Embeddings& e, const FoldedVocab& vocab,
                    absl::string_view word, std::vector<float>& unseen) {
  const int32_t row = vocab.Find(PythonUpper(word));
  if (row >= 0) return e.row(row);
  if (e.model() == nullptr) return nullptr;
  return e.UnseenUnitVector(word, unseen.data()).ok() ? unseen.data() : nullptr;
}

}  // namespace

double SimilarityResult::oov_percent() const {
  const int64_t den = evaluated + oov;
  return den == 0 ? std::numeric_limits<double>::quiet_NaN()
                  : 100.0 * static_cast<double>(oov) / den;
}

absl::StatusOr<SimilarityResult> EvaluateSimilarity(const Embeddings& e,
                                                    const std::string& path,
                                                    int64_t restrict_vocab) {
  if (restrict_vocab < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("restrict_vocab must be >= 1, got ", restrict_vocab));
  }
  ASSIGN_OR_RETURN(const std::string text,
                   ReadTextFile(path, "similarity file"));
  const FoldedVocab vocab(e, restrict_vocab);
  SimilarityResult result;
  std::vector<float> unseen_a(e.vectors().stride());
  std::vector<float> unseen_b(e.vectors().stride());
  std::vector<double> gold;
  std::vector<double> model;
  // The first malformed line, quoted when no line is well-formed.
  std::string first_malformed;
  const std::vector<absl::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const absl::string_view line = lines[i];
    if (absl::StartsWith(line, "#") ||
        absl::StripAsciiWhitespace(line).empty()) {
      continue;
    }
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    double score;
    if (fields.size() != 3 || !ParseScore(fields[2], &score)) {
      const std::string where = absl::StrCat(path, ":", i + 1, ": ");
      const std::string why =
          fields.size() != 3
              ? absl::StrCat("expected 3 tab-separated fields, got ",
                             fields.size())
              : absl::StrCat("score '", fields[2], "' is not a number");
      if (result.malformed++ == 0) {
        first_malformed = absl::StrCat(where, QuoteLine(line), ": ", why);
      }
      result.warnings.push_back(absl::StrCat(where, why, "; line skipped"));
      continue;
    }
    ++result.pairs;
    const float* a = Vector(e, vocab, fields[0], unseen_a);
    const float* b = Vector(e, vocab, fields[1], unseen_b);
    if (a == nullptr || b == nullptr) {
      ++result.oov;
      continue;
    }
    ++result.evaluated;
    if (a == unseen_a.data() || b == unseen_b.data()) ++result.subword;
    gold.push_back(score);
    model.push_back(Dot(a, b, e.vectors().stride()));
  }
  if (result.pairs == 0) {
    return absl::DataLossError(
        first_malformed.empty()
            ? absl::StrCat("similarity file ", path,
                           " holds no word pairs; expected "
                           "'word1<TAB>word2<TAB>score' lines")
            : absl::StrCat("similarity file ", path,
                           " holds no well-formed word pair; the first "
                           "malformed line is ",
                           first_malformed));
  }
  result.spearman = Spearman(gold, model);
  result.pearson = Pearson(gold, model);
  return result;
}

}  // namespace nce2vec
