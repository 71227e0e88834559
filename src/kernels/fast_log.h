// log(1 + e) for e in [0, 1], written so that loops over arrays of it
// vectorise (the binary logistic loss needs one per score).
//
// With z = e / (2 + e) in [0, 1/3], log(1 + e) = 2 atanh(z) = 2 (z + z^3/3 +
// z^5/5 + ...); the series cut after z^11 errs by less than 2 z^13 / 13 <=
// 1e-7 (plus float rounding, a few ulps), and for small e it keeps full relative precision (no 1 + e is formed
// and subtracted).
#ifndef NCE2VEC_KERNELS_FAST_LOG_H_
#define NCE2VEC_KERNELS_FAST_LOG_H_

namespace nce2vec {

// REQUIRES: 0 <= e <= 1.
inline float Log1pUnit(float e) {
  const float z = e / (2.0f + e);
  const float z2 = z * z;
  float p = 1.0f / 11.0f;
  p = p * z2 + 1.0f / 9.0f;
  p = p * z2 + 1.0f / 7.0f;
  p = p * z2 + 1.0f / 5.0f;
  p = p * z2 + 1.0f / 3.0f;
  p = p * z2 + 1.0f;
  return 2.0f * z * p;
}

}  // namespace nce2vec

#endif  // NCE2VEC_KERNELS_FAST_LOG_H_
