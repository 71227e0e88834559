#include "src/model/embedding_model.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "src/util/rng.h"

namespace nce2vec {

uint64_t EmbeddingModel::MemoryBytes(int64_t vocab_size, int64_t output_rows,
                                     int dim, bool bias, int64_t ngram_rows) {
  return static_cast<uint64_t>(vocab_size + ngram_rows + output_rows) *
             PaddedStride(dim) * sizeof(float) +
         (bias ? static_cast<uint64_t>(vocab_size) * sizeof(float) : 0);
}

absl::StatusOr<EmbeddingModel> EmbeddingModel::Create(
    absl::Span<const int64_t> counts, int64_t output_rows, int dim, bool bias,
    uint64_t seed, int64_t ngram_rows) {
  const int64_t vocab = static_cast<int64_t>(counts.size());
  if (bias && output_rows != vocab) {
    return absl::InvalidArgumentError(
        absl::StrCat("output biases are one per word, but the output matrix "
                     "has ",
                     output_rows, " rows for ", vocab, " words"));
  }
  EmbeddingModel model;
  model.input = Matrix(vocab + ngram_rows, dim);
  model.output = Matrix(output_rows, dim);
  model.ngram_rows = ngram_rows;
  if ((vocab + ngram_rows > 0 && model.input.data() == nullptr) ||
      (output_rows > 0 && model.output.data() == nullptr)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "cannot allocate ",
        MemoryBytes(vocab, output_rows, dim, bias, ngram_rows) >> 20,
        " MiB for ", vocab, " x ", dim, " input",
        ngram_rows > 0 ? absl::StrCat(" (and ", ngram_rows, " n-gram rows)")
                       : "",
        " and ", output_rows, " x ", dim, " output embeddings"));
  }
  Rng rng(seed);
  const float scale = 1.0f / static_cast<float>(dim);
  for (int64_t w = 0; w < vocab + ngram_rows; ++w) {
    float* row = model.input.row(w);
    for (int d = 0; d < dim; ++d) row[d] = (rng.UniformFloat() - 0.5f) * scale;
  }
  if (bias) {
    double total = 0;
    for (int64_t c : counts) total += static_cast<double>(c);
    model.bias.resize(vocab);
    for (int64_t w = 0; w < vocab; ++w) {
      model.bias[w] = static_cast<float>(
          std::log(std::max<double>(counts[w], 1) / std::max(total, 1.0)));
    }
  }
  return model;
}

}  // namespace nce2vec
