#include "src/sampler/alias_sampler.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace nce2vec {
namespace {

// A bucket's share 1/n of the probability mass is split at threshold/2^32.
constexpr double kThresholdScale = 4294967296.0;  // 2^32

uint32_t ScaledThreshold(double keep) {
  const double scaled = std::round(keep * kThresholdScale);
  // A keep fraction within 2^-33 of 1 cannot be told apart from 1 by 32 bits;
  // the largest threshold gives up only one value of the low word in 2^32.
  if (scaled >= kThresholdScale) return std::numeric_limits<uint32_t>::max();
  if (scaled <= 0.0) return 0;
  return static_cast<uint32_t>(scaled);
}

}  // namespace

absl::StatusOr<AliasSampler> AliasSampler::Create(
    absl::Span<const int64_t> counts, double power) {
  if (counts.empty()) {
    return absl::InvalidArgumentError("noise distribution: no words");
  }
  if (counts.size() >
      static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return absl::InvalidArgumentError(
        absl::StrCat("noise distribution: ", counts.size(),
                     " words is more than the 2^31 - 1 supported"));
  }
  if (!std::isfinite(power)) {
    return absl::InvalidArgumentError(
        absl::StrCat("noise distribution: power ", power, " is not finite"));
  }
  const size_t n = counts.size();
  int64_t max_count = 0;
  int64_t min_positive = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < n; ++i) {
    if (counts[i] < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "noise distribution: word ", i, " has negative count ", counts[i]));
    }
    if (counts[i] > 0) {
      max_count = std::max(max_count, counts[i]);
      min_positive = std::min(min_positive, counts[i]);
    }
  }
  if (max_count == 0) {
    return absl::InvalidArgumentError(
        "noise distribution: every word has count 0");
  }

  // Weights are taken relative to the count that gets the largest weight, so
  // that each lies in (0, 1] and no finite power can overflow them or their
  // sum (at most n).
  const double reference =
      static_cast<double>(power >= 0 ? max_count : min_positive);
  const double log_reference = std::log(reference);
  AliasSampler sampler;
  sampler.probability_.resize(n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    const double weight =
        counts[i] == 0
            ? 0.0
            : std::pow(static_cast<double>(counts[i]) / reference, power);
    sampler.probability_[i] = weight;
    sum += weight;
  }
  const double log_sum = std::log(sum);
  sampler.log_probability_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    sampler.probability_[i] /= sum;
    sampler.log_probability_[i] =
        counts[i] == 0 ? -std::numeric_limits<float>::infinity()
                       : static_cast<float>(
                             power * (std::log(static_cast<double>(counts[i])) -
                                      log_reference) -
                             log_sum);
  }

  // Vose's alias construction on the probabilities scaled by n, so that every
  // bucket holds mass 1: a bucket with less keeps its word that often and
  // lends the rest to a word that has more than 1.
  std::vector<double> mass(n);
  std::vector<int32_t> small;
  std::vector<int32_t> large;
  for (size_t i = 0; i < n; ++i) {
    mass[i] = sampler.probability_[i] * static_cast<double>(n);
    (mass[i] < 1.0 ? small : large).push_back(static_cast<int32_t>(i));
  }
  sampler.buckets_.resize(n);
  while (!small.empty() && !large.empty()) {
    const int32_t s = small.back();
    small.pop_back();
    const int32_t l = large.back();
    sampler.buckets_[s] = {ScaledThreshold(mass[s]), l};
    // (a + b) - 1 loses less precision than a - (1 - b) when b is tiny.
    mass[l] = (mass[l] + mass[s]) - 1.0;
    if (mass[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Each step retires one bucket and one unit of mass, so the masses left sum
  // to the number of words left: once either list runs out, every word left
  // has mass 1 up to rounding (never a zero-probability word). It keeps its
  // bucket, and its alias is itself so that the one low word at or above the
  // threshold still draws it.
  for (const std::vector<int32_t>* rest : {&small, &large}) {
    for (const int32_t i : *rest) {
      sampler.buckets_[i] = {std::numeric_limits<uint32_t>::max(), i};
    }
  }
  return sampler;
}

}  // namespace nce2vec
