// The kernels against plain scalar references written in double.
#include <cmath>
#include <limits>
#include <vector>

#include "gtest/gtest.h"
#include "src/kernels/fast_exp.h"
#include "src/kernels/fast_log.h"
#include "src/kernels/vector_ops.h"
#include "src/model/matrix.h"
#include "src/util/rng.h"

namespace nce2vec {
namespace {

TEST(VectorOpsTest, MatchScalarReferences) {
  Rng rng(5);
  for (const int cols : {1, 15, 16, 17, 100, 300}) {
    Matrix m(3, cols);
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < cols; ++c) m.row(r)[c] = rng.UniformFloat() * 2 - 1;
    }
    const int64_t n = m.stride();
    double dot = 0;
    for (int c = 0; c < cols; ++c) dot += double(m.row(0)[c]) * m.row(1)[c];
    EXPECT_NEAR(Dot(m.row(0), m.row(1), n), dot, 1e-5 * cols) << cols;

    std::vector<double> expected(cols);
    for (int c = 0; c < cols; ++c)
      expected[c] = m.row(2)[c] + 0.37 * m.row(0)[c];
    Axpy(0.37f, m.row(0), m.row(2), n);
    for (int c = 0; c < cols; ++c) EXPECT_NEAR(m.row(2)[c], expected[c], 1e-6);
    for (int64_t c = cols; c < n; ++c)
      EXPECT_EQ(m.row(2)[c], 0.0f) << "padding";

    Copy(m.row(1), m.row(2), n);
    ScaleInPlace(-2.0f, m.row(2), n);
    for (int c = 0; c < cols; ++c) EXPECT_EQ(m.row(2)[c], -2.0f * m.row(1)[c]);
    Add(m.row(1), m.row(2), n);
    for (int c = 0; c < cols; ++c) EXPECT_EQ(m.row(2)[c], -m.row(1)[c]);
    Copy(m.row(0), m.row(2), n);
    for (int c = 0; c < cols; ++c) EXPECT_EQ(m.row(2)[c], m.row(0)[c]);
    Zero(m.row(2), n);
    for (int c = 0; c < n; ++c) EXPECT_EQ(m.row(2)[c], 0.0f);
  }
}

TEST(VectorOpsTest, DotRowsAndAddCombinationMatchScalarReferences) {
  Rng rng(6);
  for (const int n : {1, 3, 4, 6, 9}) {
    Matrix m(n + 2, 100);
    for (int r = 0; r < n + 2; ++r) {
      for (int c = 0; c < 100; ++c) m.row(r)[c] = rng.UniformFloat() * 2 - 1;
    }
    std::vector<const float*> rows;
    std::vector<float> coeffs;
    for (int j = 0; j < n; ++j) {
      rows.push_back(m.row(j + 2));
      coeffs.push_back(rng.UniformFloat() - 0.5f);
    }
    std::vector<float> out(n);
    DotRows(m.row(0), rows.data(), n, m.stride(), out.data());
    std::vector<double> expected(100);
    for (int c = 0; c < 100; ++c) expected[c] = m.row(1)[c];
    for (int j = 0; j < n; ++j) {
      double dot = 0;
      for (int c = 0; c < 100; ++c) {
        dot += double(m.row(0)[c]) * rows[j][c];
        expected[c] += double(coeffs[j]) * rows[j][c];
      }
      EXPECT_NEAR(out[j], dot, 1e-4) << n << " " << j;
    }
    AddCombination(coeffs.data(), rows.data(), n, m.stride(), m.row(1));
    for (int c = 0; c < 100; ++c) EXPECT_NEAR(m.row(1)[c], expected[c], 1e-5);
    for (int64_t c = 100; c < m.stride(); ++c) EXPECT_EQ(m.row(1)[c], 0.0f);
  }
}

// Row counts on both sides of the four-row blocks, and odd lengths whose
// stride padding (zero) must add nothing.
TEST(VectorOpsTest, SquaredDistanceRowsMatchesAScalarReference) {
  Rng rng(8);
  for (const int cols : {1, 3, 15, 17, 33, 100}) {
    for (const int n : {1, 2, 3, 4, 5, 7, 8, 9}) {
      Matrix m(n + 1, cols);
      for (int r = 0; r < n + 1; ++r) {
        for (int c = 0; c < cols; ++c) m.row(r)[c] = rng.UniformFloat() * 4 - 2;
      }
      std::vector<const float*> rows;
      for (int j = 0; j < n; ++j) rows.push_back(m.row(j + 1));
      std::vector<float> out(n, -1.0f);
      SquaredDistanceRows(m.row(0), rows.data(), n, m.stride(), out.data());
      for (int j = 0; j < n; ++j) {
        double expected = 0;
        for (int c = 0; c < cols; ++c) {
          const double d = double(m.row(0)[c]) - rows[j][c];
          expected += d * d;
        }
        EXPECT_NEAR(out[j], expected, 1e-5 * expected + 1e-6)
            << cols << " " << n << " " << j;
      }
    }
  }
}

// A row against itself is at distance exactly 0, however it is blocked: the
// losses divide by the distance near there.
TEST(VectorOpsTest, SquaredDistanceToItselfIsExactlyZero) {
  Rng rng(9);
  Matrix m(1, 37);
  for (int c = 0; c < 37; ++c) m.row(0)[c] = rng.UniformFloat() * 1e3f;
  const std::vector<const float*> rows(5, m.row(0));
  std::vector<float> out(5, -1.0f);
  SquaredDistanceRows(m.row(0), rows.data(), 5, m.stride(), out.data());
  for (float d : out) EXPECT_EQ(d, 0.0f);
}

TEST(FastExpTest, RelativeErrorBelowThreeUlpsAcrossTheRange) {
  double worst = 0;
  for (double x = -86.0; x <= 87.0; x += 0.001) {
    const double exact = std::exp(x);
    worst = std::max(worst, std::fabs(FastExp(static_cast<float>(x)) -
                                      std::exp(double(float(x)))) /
                                exact);
  }
  EXPECT_LT(worst, 3.6e-7);
}

TEST(FastExpTest, ClampsInsteadOfOverflowing) {
  EXPECT_TRUE(std::isfinite(FastExp(1000.0f)));
  EXPECT_GT(FastExp(-std::numeric_limits<float>::infinity()), 0.0f);
  EXPECT_LT(FastExp(-std::numeric_limits<float>::infinity()), 1e-37f);
  EXPECT_EQ(FastExp(0.0f), 1.0f);
}

TEST(Log1pUnitTest, AbsoluteErrorBelow3e7AndRelativePrecisionNearZero) {
  double worst = 0;
  for (double e = 0; e <= 1.0; e += 1e-5) {
    worst = std::max(worst, std::fabs(Log1pUnit(static_cast<float>(e)) -
                                      std::log1p(double(float(e)))));
  }
  EXPECT_LT(worst, 3e-7);  // 1e-7 truncation plus float rounding
  EXPECT_EQ(Log1pUnit(0.0f), 0.0f);
  EXPECT_NEAR(Log1pUnit(1e-20f) / 1e-20f, 1.0, 1e-6);
}

}  // namespace
}  // namespace nce2vec
