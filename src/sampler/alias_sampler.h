// The noise distribution Pn(w) ∝ count(w)^power, drawn with Walker's alias
// method: exact, O(1) per draw, 8 bytes per word (word2vec.c instead fills a
// 10^8-entry table, 400 MB, and quantises the distribution).
//
// Immutable after construction; Sample() may be called from many threads,
// each with its own Rng.
#ifndef NCE2VEC_SAMPLER_ALIAS_SAMPLER_H_
#define NCE2VEC_SAMPLER_ALIAS_SAMPLER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "src/util/rng.h"

namespace nce2vec {

class AliasSampler {
 public:
  AliasSampler() = default;
  // Pn(w) = count(w)^power / sum_v count(v)^power over the words with a
  // positive count; a word whose count is 0 has Pn = 0 (also for power 0) and
  // is never drawn. Any finite power is accepted, negative ones included.
  // Fails on an empty table, more than 2^31 - 1 words, a negative count,
  // all-zero counts or a power that is not finite.
  static absl::StatusOr<AliasSampler> Create(absl::Span<const int64_t> counts,
                                             double power);

  int32_t size() const { return static_cast<int32_t>(buckets_.size()); }

  // One draw: a bucket chosen uniformly by the high 32 bits of one random
  // word, then the bucket's own word or its alias by the low 32 bits.
  int32_t Sample(Rng& rng) const {
    const uint64_t r = rng.Next();
    const uint32_t bucket = static_cast<uint32_t>(
        ((r >> 32) * static_cast<uint64_t>(buckets_.size())) >> 32);
    const Bucket& b = buckets_[bucket];
    return static_cast<uint32_t>(r) < b.threshold ? static_cast<int32_t>(bucket)
                                                  : b.alias;
  }

  // Pn(w) and log Pn(w), computed in double precision (log Pn is then stored
  // as float). log Pn is computed from the logs of the counts, so it stays
  // finite even where an extreme power makes Pn underflow to 0; a zero-count
  // word has Pn = 0 and log Pn = -infinity.
  double Probability(int32_t word) const { return probability_[word]; }
  float LogProbability(int32_t word) const { return log_probability_[word]; }
  const std::vector<float>& log_probabilities() const {
    return log_probability_;
  }

 private:
  struct Bucket {
    uint32_t threshold;  // keep the bucket's word iff low 32 bits < threshold
    int32_t alias;  // a bucket that keeps its word always has alias == itself
  };
  std::vector<Bucket> buckets_;
  std::vector<double> probability_;
  std::vector<float> log_probability_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_SAMPLER_ALIAS_SAMPLER_H_
