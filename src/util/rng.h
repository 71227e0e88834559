// A small, fast pseudo-random generator whose stream depends only on its seed
// (xoshiro256** seeded through splitmix64), so that runs are reproducible on
// every platform and standard library. std::*_distribution is deliberately not
// used anywhere in nce2vec: its output differs between library versions.
//
// Not thread-safe: every thread owns its own Rng.
#ifndef NCE2VEC_UTIL_RNG_H_
#define NCE2VEC_UTIL_RNG_H_

#include <cstdint>

namespace nce2vec {

class Rng {
 public:
  explicit Rng(uint64_t seed) { Seed(seed); }

  void Seed(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t& word : state_) word = SplitMix64(x);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n) by Lemire's multiply-shift on 32 random bits. The bias
  // is at most n / 2^32, far below anything the trainer can notice.
  // REQUIRES: 0 < n <= 2^32.
  uint32_t Uniform(uint64_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * n) >> 32);
  }

  // Uniform in [0, 1) with 24 bits of resolution.
  float UniformFloat() {
    return static_cast<float>(Next() >> 40) * (1.0f / 16777216.0f);
  }

  // Uniform in [0, 1) with 53 bits of resolution.
  double UniformDouble() {
    return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0);
  }

  // The whole state, for checkpoints.
  const uint64_t* state() const { return state_; }
  void set_state(const uint64_t state[4]) {
    for (int i = 0; i < 4; ++i) state_[i] = state[i];
  }

  // Derives an independent seed for stream `index` (e.g. a thread) of `seed`.
  static uint64_t StreamSeed(uint64_t seed, uint64_t index) {
    uint64_t x = seed ^ (0x9e3779b97f4a7c15ULL * (index + 1));
    return SplitMix64(x);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t state_[4];
};

}  // namespace nce2vec

#endif  // NCE2VEC_UTIL_RNG_H_
