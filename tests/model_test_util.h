// Helpers shared by the tests of src/model/'s vector files.
#ifndef NCE2VEC_TESTS_MODEL_TEST_UTIL_H_
#define NCE2VEC_TESTS_MODEL_TEST_UTIL_H_

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/model/matrix.h"
#include "src/model/vectors_io.h"
#include "src/util/rng.h"

namespace nce2vec::testing {

// w0, w1, ...
inline std::vector<std::string> Words(int n) {
  std::vector<std::string> words;
  for (int i = 0; i < n; ++i) words.push_back(absl::StrCat("w", i));
  return words;
}

// Random values of every magnitude, plus the awkward ones: signed zeros,
// subnormals, the extremes and values that need all 9 significant digits.
inline Matrix TestMatrix(int64_t rows, int64_t cols, uint64_t seed) {
  Matrix m(rows, cols);
  Rng rng(seed);
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      const float sign = rng.Uniform(2) ? 1.0f : -1.0f;
      m.row(r)[c] = sign * rng.UniformFloat() *
                    std::pow(10.0f, static_cast<float>(rng.Uniform(20)) - 10);
    }
  }
  const float special[] = {0.0f,
                           -0.0f,
                           std::numeric_limits<float>::denorm_min(),
                           -std::numeric_limits<float>::min(),
                           std::numeric_limits<float>::max(),
                           -std::numeric_limits<float>::max(),
                           0.1f,
                           1.0f / 3.0f,
                           16777217.0f,
                           1e-40f};
  for (int i = 0; i < 10 && i < rows * cols; ++i) {
    m.row(i / cols)[i % cols] = special[i];
  }
  return m;
}

// Bitwise, so that -0 and 0 differ.
inline void ExpectSameVectors(const WordVectors& got,
                              const std::vector<std::string>& words,
                              const Matrix& vectors) {
  ASSERT_EQ(got.words, words);
  ASSERT_EQ(got.dim(), vectors.cols());
  ASSERT_EQ(got.vectors.rows(), static_cast<int64_t>(words.size()));
  for (size_t r = 0; r < words.size(); ++r) {
    ASSERT_EQ(std::memcmp(got.vectors.row(r), vectors.row(r),
                          vectors.cols() * sizeof(float)),
              0)
        << "row " << r << " (" << words[r] << ")";
    for (int64_t c = vectors.cols(); c < got.vectors.stride(); ++c) {
      ASSERT_EQ(got.vectors.row(r)[c], 0.0f) << "padding of row " << r;
    }
  }
}

}  // namespace nce2vec::testing

#endif  // NCE2VEC_TESTS_MODEL_TEST_UTIL_H_
