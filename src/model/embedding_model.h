// The trained parameters: input vectors (the word vectors users keep),
// output vectors (one per word, or as many rows as the objective scores
// with: a Huffman tree's inner nodes), and an optional output bias per word.
//
// Initialised as word2vec does: input uniform in ±0.5/dim, output zero. The
// bias, when present, starts at log of the word's unigram frequency, so that
// the untrained model already predicts the unigram distribution, normalised
// (useful for the softmax and for self-normalised NCE).
#ifndef NCE2VEC_MODEL_EMBEDDING_MODEL_H_
#define NCE2VEC_MODEL_EMBEDDING_MODEL_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "src/model/matrix.h"

namespace nce2vec {

struct EmbeddingModel {
  Matrix input;  // the words' rows, then ngram_rows n-gram rows
  Matrix output;
  std::vector<float> bias;  // empty without output biases
  // Input rows after the words': fastText's n-gram buckets (subwords.h),
  // 0 for a word-only model.
  int64_t ngram_rows = 0;

  int dim() const { return static_cast<int>(input.cols()); }
  int32_t vocab_size() const {
    return static_cast<int32_t>(input.rows() - ngram_rows);
  }

  // Bytes the matrices of a model of this size take.
  static uint64_t MemoryBytes(int64_t vocab_size, int64_t output_rows, int dim,
                              bool bias, int64_t ngram_rows = 0);
  // `counts` gives the vocabulary size (the input rows) and, with `bias`,
  // the initial biases; the output matrix has `output_rows` rows. The n-gram
  // rows are initialised as the words' rows, after them, so that the words'
  // rows do not depend on ngram_rows. Fails with a clear message if the
  // memory cannot be allocated, or if biases are asked for output rows that
  // are not one per word.
  static absl::StatusOr<EmbeddingModel> Create(absl::Span<const int64_t> counts,
                                               int64_t output_rows, int dim,
                                               bool bias, uint64_t seed,
                                               int64_t ngram_rows = 0);
};

}  // namespace nce2vec

#endif  // NCE2VEC_MODEL_EMBEDDING_MODEL_H_
