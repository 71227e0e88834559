// A small fastText model with random matrices, for the tests of the model
// file and of the queries through subwords. Header-only: only tests that
// link src/model include it.
#ifndef NCE2VEC_TESTS_FASTTEXT_TEST_MODEL_H_
#define NCE2VEC_TESTS_FASTTEXT_TEST_MODEL_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "src/model/fasttext_model.h"
#include "src/util/rng.h"

namespace nce2vec::testing {

// Words with one-, two- and three-byte UTF-8 characters.
inline std::vector<std::string> NonAsciiWords() {
  return {"the",
          "cat",
          "caf\xc3\xa9",  // café
          "\xc3\xbc"
          "ber",                                   // über
          "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",  // 日本語
          "running",
          "walked"};
}

// Values uniform in [-1, 1): every mean of rows stays below 1 in magnitude,
// where fastText's 5 printed significant digits are within 5e-6.
inline void FillRandom(Matrix& m, Rng& rng) {
  for (int64_t r = 0; r < m.rows(); ++r) {
    for (int64_t j = 0; j < m.cols(); ++j) {
      m.row(r)[j] = 2.0f * rng.UniformFloat() - 1.0f;
    }
  }
}

inline FastTextModel RandomFastTextModel(std::vector<std::string> words,
                                         int dim,
                                         const SubwordOptions& subwords,
                                         uint64_t seed = 1) {
  FastTextModel model;
  model.args.dim = dim;
  model.args.min_count = 1;
  model.args.subwords = subwords;
  const int64_t nwords = static_cast<int64_t>(words.size());
  for (int64_t i = 0; i < nwords; ++i) model.counts.push_back(100 - i);
  model.words = std::move(words);
  model.ntokens = 12345;
  model.input = Matrix(nwords + subwords.bucket, dim);
  model.output = Matrix(nwords, dim);
  Rng rng(seed);
  FillRandom(model.input, rng);
  FillRandom(model.output, rng);
  return model;
}

}  // namespace nce2vec::testing

#endif  // NCE2VEC_TESTS_FASTTEXT_TEST_MODEL_H_
