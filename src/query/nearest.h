// Exhaustive nearest-row search for many queries at once: the scores of a
// block of queries against a block of rows come from one matrix product
// (OpenBLAS sgemm), and each query keeps its own top-k; blocks of queries
// are split over OpenMP threads. Memory beyond the results is one score
// block per thread (bounded, whatever the number of queries or rows).
//
// Order: higher score first; equal scores go to the lower row, so results do
// not depend on the number of threads or the blocking.
#ifndef NCE2VEC_QUERY_NEAREST_H_
#define NCE2VEC_QUERY_NEAREST_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "src/model/matrix.h"
#include "src/query/embeddings.h"

namespace nce2vec {

struct Neighbour {
  int32_t row;
  float score;
};

// Query words are rows of `e`, or, for words that are not (their vectors
// composed from a model's n-grams), rows of a matrix `unseen` of unit
// vectors with the stride of e.vectors(): a negative row r names row -1 - r
// of `unseen`. Such rows never match a row of `e`, so leaving them in a list
// of rows to exclude is harmless.
inline int32_t UnseenRow(int64_t j) { return static_cast<int32_t>(-1 - j); }

// The normalised sum of the rows of each query (a multi-word query, as
// word2vec's distance). One padded row per query, with the stride of
// e.vectors().
Matrix SumOfRows(const Embeddings& e,
                 absl::Span<const std::vector<int32_t>> queries,
                 const Matrix& unseen = Matrix());

// For each row of `queries` (unit vectors with the stride of e.vectors()),
// the `k` rows among the first `rows` of `e` (0: all) with the largest dot
// product, leaving out the rows in exclude[i] (exclude is empty or has one
// entry per query). Returns fewer than k when fewer rows are left.
std::vector<std::vector<Neighbour>> NearestByCosine(
    const Embeddings& e, const Matrix& queries,
    absl::Span<const std::vector<int32_t>> exclude, int k, int64_t rows = 0);

// a:b :: c:?, rows of `e`.
struct AnalogyQuestion {
  int32_t a;
  int32_t b;
  int32_t c;
};

enum class AnalogyMethod {
  // argmax cos(d, b - a + c) (Mikolov et al. 2013; gensim's most_similar).
  k3CosAdd,
  // argmax s(d,b) s(d,c) / (s(d,a) + 1e-6) with s = (1 + cos) / 2, the
  // cosines shifted to [0, 1] as Levy & Goldberg (2014) footnote 7 and
  // gensim's most_similar_cosmul do.
  k3CosMul,
};

// The k best answers of each question among the first `rows` rows (0: all),
// its three words excluded; a negative a, b or c names a row of `unseen`.
std::vector<std::vector<Neighbour>> SolveAnalogies(
    const Embeddings& e, absl::Span<const AnalogyQuestion> questions,
    AnalogyMethod method, int k, int64_t rows = 0,
    const Matrix& unseen = Matrix());

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_NEAREST_H_
