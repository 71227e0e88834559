// Squared Euclidean distances for the distance-based objectives, computed
// from the differences rather than as |h|² + |u|² - 2 h·u: that expansion
// cancels catastrophically when a positive pair is pulled close, exactly
// where the losses divide by the distance.
#ifndef NCE2VEC_OBJECTIVES_SQUARED_DISTANCE_H_
#define NCE2VEC_OBJECTIVES_SQUARED_DISTANCE_H_

#include <cstdint>

#include "src/model/matrix.h"

namespace nce2vec {

// out[j] = |x - rows[j]|² for j < n, four rows at a time for the same reason
// as DotRows: independent accumulation chains and cache misses in flight.
inline void SquaredDistanceRows(const float* __restrict x,
                                const float* const* rows, int n, int64_t stride,
                                float* __restrict out) {
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    const float* __restrict r0 = rows[j];
    const float* __restrict r1 = rows[j + 1];
    const float* __restrict r2 = rows[j + 2];
    const float* __restrict r3 = rows[j + 3];
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
    for (int64_t i = 0; i < stride; ++i) {
      const float d0 = x[i] - r0[i], d1 = x[i] - r1[i], d2 = x[i] - r2[i],
                  d3 = x[i] - r3[i];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < n; ++j) {
    const float* __restrict r = rows[j];
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < stride; ++i) s += (x[i] - r[i]) * (x[i] - r[i]);
    out[j] = s;
  }
}

// Makes `copy` hold at least `rows` rows of `stride` floats. Workspaces learn
// the row stride only at their first Step, so this allocates then (sized for
// the workspace's largest batch) and never again.
inline void EnsureRows(Matrix& copy, int64_t rows, int64_t stride) {
  if (copy.rows() < rows || copy.stride() != stride) copy = Matrix(rows, stride);
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_SQUARED_DISTANCE_H_
