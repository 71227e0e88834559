#include "fuzz/eval_embeddings.h"

#include <string>
#include <utility>
#include <vector>

#include "src/model/matrix.h"
#include "src/model/vectors_io.h"

namespace nce2vec::fuzz {

const Embeddings& EvalEmbeddings() {
  static const Embeddings* const embeddings = [] {
    WordVectors vectors;
    vectors.words = {"a", "b",    "c",     "d",   "e",     "f",     "g",
                     "h", "king", "queen", "man", "woman", "Paris", "France"};
    constexpr int kDim = 4;
    vectors.vectors = Matrix(vectors.words.size(), kDim);
    for (size_t i = 0; i < vectors.words.size(); ++i) {
      for (int j = 0; j < kDim; ++j) {
        // Distinct directions, one of them all zero (a zero row is a case
        // the evaluators handle).
        vectors.vectors.row(i)[j] = static_cast<float>((i * 7 + j * 3) % 5);
      }
    }
    return new Embeddings(Embeddings::FromWordVectors(std::move(vectors)));
  }();
  return *embeddings;
}

}  // namespace nce2vec::fuzz
