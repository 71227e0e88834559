// exp(x) for float, written so that loops over arrays of it vectorise
// (glibc's expf is a scalar call unless -ffast-math is on, and the full
// softmax evaluates one per vocabulary word per centre word).
//
// exp(x) = 2^n * e^r with n = round(x log2 e) and r = x - n ln2 (|r| <= ln2/2,
// computed with ln2 split in two parts so that r keeps full precision); e^r by
// its degree-6 Taylor polynomial, whose truncation error is below
// (ln2/2)^7/7! ≈ 1.2e-7 relative. Inputs are clamped to [-87, 88], so the
// result is a normal float: exp(-inf) gives about 1.6e-38, not 0.
#ifndef NCE2VEC_KERNELS_FAST_EXP_H_
#define NCE2VEC_KERNELS_FAST_EXP_H_

#include <bit>
#include <cmath>
#include <cstdint>

namespace nce2vec {

// FastExp without its clamps. REQUIRES: -87 <= x <= 88.
// For loops that bound x their own way: under GCC's default -ftrapping-math
// a float comparison whose result feeds arithmetic, as FastExp's clamps do,
// keeps GCC 12 from vectorising the loop at all; bounding |x| as integer
// bits does not.
inline float FastExpInRange(float x) {
  // Adding and subtracting 1.5 * 2^23 rounds to the nearest integer in the
  // FPU's rounding mode; unlike std::floor it needs no library call, so the
  // loop vectorises.
  constexpr float kRoundingShift = 12582912.0f;
  const float n = (x * 1.44269504088896341f + kRoundingShift) - kRoundingShift;
  const float f = (x - n * 0.693145751953125f) - n * 1.428606765330187e-06f;
  float p = 1.0f / 720.0f;
  p = p * f + 1.0f / 120.0f;
  p = p * f + 1.0f / 24.0f;
  p = p * f + 1.0f / 6.0f;
  p = p * f + 0.5f;
  p = p * f + 1.0f;
  p = p * f + 1.0f;
  const int32_t bits =
      std::bit_cast<int32_t>(p) + (static_cast<int32_t>(n) << 23);
  return std::bit_cast<float>(bits);
}

inline float FastExp(float x) {
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  return FastExpInRange(x);
}

}  // namespace nce2vec

#endif  // NCE2VEC_KERNELS_FAST_EXP_H_
