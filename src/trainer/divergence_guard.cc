#include "src/trainer/divergence_guard.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/kernels/vector_ops.h"
#include "src/objectives/registry.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

constexpr int kFrequentRows = 32;
constexpr int kRandomRows = 32;

std::string Advice(double lr) {
  return absl::StrCat(
      "lower TrainConfig::lr (now ", lr,
      "), or for the objectives with a margin (",
      ObjectiveNames(
          [](const ObjectiveInfo& info) { return info.default_margin > 0; }),
      ") set a smaller ObjectiveOptions::margin; the last checkpoint, if any, "
      "is intact and no vectors were written");
}

}  // namespace

absl::Status DivergenceGuard::Check(double loss, double fraction, int64_t words,
                                    const EmbeddingModel& model) {
  const std::string where = absl::StrFormat(
      "training diverged at %.1f%% of the run (%d words): ", 100 * fraction,
      words);
  if (!std::isfinite(loss)) {
    return absl::AbortedError(absl::StrCat(where, "the loss became ", loss,
                                           "; ", Advice(limits_.lr)));
  }
  if (model.vocab_size() == 0) return absl::OkStatus();
  // The first rows of a matrix are the most frequent words' (or, for a
  // Huffman tree's inner nodes, those nearest the root, which every path
  // crosses): updated most, they diverge first.
  auto sample_rows = [this](int64_t n) {
    std::vector<int64_t> rows;
    for (int64_t w = 0; w < std::min<int64_t>(n, kFrequentRows); ++w) {
      rows.push_back(w);
    }
    for (int i = 0; n > 0 && i < kRandomRows; ++i) {
      rows.push_back(static_cast<int64_t>(rng_.Uniform(n)));
    }
    return rows;
  };
  const std::vector<int64_t> rows = sample_rows(model.input.rows());
  const int64_t stride = model.input.stride();
  if (limits_.max_norm > 0) {
    const bool one_per_word = model.output.rows() == model.input.rows();
    const std::vector<int64_t> output_rows =
        one_per_word ? rows : sample_rows(model.output.rows());
    for (const Matrix* m : {&model.input, &model.output}) {
      const bool input = m == &model.input;
      for (int64_t w : input ? rows : output_rows) {
        const float* row = m->row(w);
        const double norm = std::sqrt(Dot(row, row, stride));
        if (!(norm <= limits_.max_norm)) {
          const std::string what =
              input          ? absl::StrCat("input vector of word #", w)
              : one_per_word ? absl::StrCat("output vector of word #", w)
                             : absl::StrCat("output row #", w);
          return absl::AbortedError(absl::StrCat(
              where, "the ", what, " has norm ", norm,
              " > TrainConfig::max_norm=", limits_.max_norm, "; ",
              Advice(limits_.lr),
              "; raise TrainConfig::max_norm if such norms are expected"));
        }
      }
    }
    if (model.ngram_rows > 0) RETURN_IF_ERROR(CheckNgramRows(model, where));
  }
  if (limits_.detect_collapse && fraction >= kCollapseAfter) {
    double sum = 0;
    int pairs = 0;
    std::vector<double> norms;
    for (int32_t w : rows) {
      norms.push_back(
          std::sqrt(Dot(model.input.row(w), model.input.row(w), stride)));
    }
    for (size_t a = kFrequentRows; a < rows.size(); ++a) {
      for (size_t b = 0; b < a; ++b) {
        // Vectors shrunk to zero have collapsed as surely as parallel ones.
        const double denominator = norms[a] * norms[b];
        sum += denominator > 1e-12 ? Dot(model.input.row(rows[a]),
                                         model.input.row(rows[b]), stride) /
                                         denominator
                                   : 1.0;
        ++pairs;
      }
    }
    if (pairs > 0 && sum / pairs > kCollapseCosine) {
      return absl::AbortedError(absl::StrCat(
          where,
          "the vectors collapsed: sampled word vectors have a mean "
          "pairwise cosine of ",
          sum / pairs, "; ", Advice(limits_.lr),
          ", or a larger ObjectiveOptions::margin so that noise words are "
          "pushed apart"));
    }
  }
  return absl::OkStatus();
}

absl::Status DivergenceGuard::CheckNgramRows(const EmbeddingModel& model,
                                             const std::string& where) {
  const int32_t vocab = model.vocab_size();
  std::vector<int64_t> rows;
  if (limits_.subwords != nullptr) {
    for (int32_t w = 0; w < std::min(vocab, kFrequentRows); ++w) {
      // Past the word's own row, checked above.
      for (const int32_t r : limits_.subwords->rows(w).subspan(1)) {
        rows.push_back(r);
      }
    }
  }
  for (int i = 0; i < kRandomRows; ++i) {
    rows.push_back(vocab + static_cast<int64_t>(rng_.Uniform(
                               static_cast<uint64_t>(model.ngram_rows))));
  }
  const int64_t stride = model.input.stride();
  for (const int64_t r : rows) {
    const float* row = model.input.row(r);
    const double norm = std::sqrt(Dot(row, row, stride));
    if (!(norm <= limits_.max_norm)) {
      return absl::AbortedError(absl::StrCat(
          where, "the input row of n-gram bucket #", r - vocab, " has norm ",
          norm, " > TrainConfig::max_norm=", limits_.max_norm, "; ",
          Advice(limits_.lr),
          "; raise TrainConfig::max_norm if such norms are expected"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAllFinite(const EmbeddingModel& model) {
  for (const Matrix* m : {&model.input, &model.output}) {
    for (int64_t w = 0; w < m->rows(); ++w) {
      const float* row = m->row(w);
      for (int64_t d = 0; d < m->cols(); ++d) {
        if (!std::isfinite(row[d])) {
          const std::string what =
              w >= model.vocab_size()
                  ? absl::StrCat("input row of n-gram bucket #",
                                 w - model.vocab_size())
                  : absl::StrCat(m == &model.input ? "input" : "output",
                                 " vector of word #", w);
          return absl::AbortedError(absl::StrCat("the ", what,
                                                 " is not finite (", row[d],
                                                 "); nothing was written"));
        }
      }
    }
  }
  for (size_t w = 0; w < model.bias.size(); ++w) {
    if (!std::isfinite(model.bias[w])) {
      return absl::AbortedError(absl::StrCat("the output bias of word #", w,
                                             " is not finite; nothing was "
                                             "written"));
    }
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
