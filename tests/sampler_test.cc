#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "src/sampler/alias_sampler.h"
#include "src/util/rng.h"

namespace nce2vec {
namespace {

// The chi-square quantile for `dof` degrees of freedom at upper tail
// probability p, where z is the standard normal quantile for p (Wilson and
// Hilferty, 1931): accurate to well under 1% for dof in the hundreds.
double ChiSquareCritical(int dof, double z) {
  const double h = 2.0 / (9.0 * dof);
  return dof * std::pow(1.0 - h + z * std::sqrt(h), 3);
}
constexpr double kZ999 = 3.090232306167813;  // P(Z > z) = 0.001

std::vector<int64_t> ZipfCounts(int n) {
  std::vector<int64_t> counts(n);
  for (int i = 0; i < n; ++i) counts[i] = 1000000 / (i + 1);
  return counts;
}

std::vector<int64_t> Histogram(const AliasSampler& sampler, uint64_t seed,
                               int64_t draws) {
  std::vector<int64_t> histogram(sampler.size());
  Rng rng(seed);
  for (int64_t i = 0; i < draws; ++i) ++histogram[sampler.Sample(rng)];
  return histogram;
}

TEST(AliasSamplerTest, MatchesNoiseDistributionByChiSquare) {
  const std::vector<int64_t> counts = ZipfCounts(1000);
  auto sampler = AliasSampler::Create(counts, 0.75);
  ASSERT_TRUE(sampler.ok()) << sampler.status();
  constexpr int64_t kDraws = 10000000;
  const std::vector<int64_t> observed = Histogram(*sampler, 42, kDraws);
  double chi2 = 0;
  for (int w = 0; w < sampler->size(); ++w) {
    const double expected = kDraws * sampler->Probability(w);
    chi2 += (observed[w] - expected) * (observed[w] - expected) / expected;
  }
  const double critical = ChiSquareCritical(sampler->size() - 1, kZ999);
  EXPECT_NEAR(critical, 1142.85, 0.1);  // scipy chi2.ppf(0.999, 999)
  EXPECT_LT(chi2, critical);
  // A deterministic draw that fits far too well would be as suspicious.
  EXPECT_GT(chi2, ChiSquareCritical(sampler->size() - 1, -kZ999));
}

TEST(AliasSamplerTest, ProbabilitiesFollowCountsToThePower) {
  const std::vector<int64_t> counts = ZipfCounts(1000);
  auto sampler = AliasSampler::Create(counts, 0.75);
  ASSERT_TRUE(sampler.ok());
  double sum = 0;
  double weight_sum = 0;
  for (const int64_t c : counts) weight_sum += std::pow(c, 0.75);
  for (int w = 0; w < sampler->size(); ++w) {
    const double expected = std::pow(counts[w], 0.75) / weight_sum;
    EXPECT_NEAR(sampler->Probability(w), expected, 1e-14 * expected);
    EXPECT_NEAR(sampler->LogProbability(w), std::log(expected), 1e-6);
    sum += sampler->Probability(w);
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  EXPECT_EQ(sampler->log_probabilities().size(), counts.size());
}

TEST(AliasSamplerTest, PowerZeroIsUniform) {
  const std::vector<int64_t> counts = {1, 10, 100, 1000, 5};
  auto sampler = AliasSampler::Create(counts, 0.0);
  ASSERT_TRUE(sampler.ok());
  for (int w = 0; w < 5; ++w) {
    EXPECT_DOUBLE_EQ(sampler->Probability(w), 0.2);
  }
  const std::vector<int64_t> observed = Histogram(*sampler, 7, 1000000);
  for (int w = 0; w < 5; ++w) EXPECT_NEAR(observed[w], 200000, 2500);
}

TEST(AliasSamplerTest, PowerOneIsProportionalToCounts) {
  const std::vector<int64_t> counts = {3, 1, 6, 0, 10};
  auto sampler = AliasSampler::Create(counts, 1.0);
  ASSERT_TRUE(sampler.ok());
  for (int w = 0; w < 5; ++w) {
    EXPECT_DOUBLE_EQ(sampler->Probability(w), counts[w] / 20.0);
  }
  const std::vector<int64_t> observed = Histogram(*sampler, 8, 2000000);
  for (int w = 0; w < 5; ++w) {
    EXPECT_NEAR(observed[w], counts[w] * 100000, 3000) << w;
  }
}

TEST(AliasSamplerTest, SingleWordIsAlwaysDrawn) {
  auto sampler = AliasSampler::Create(std::vector<int64_t>{17}, 0.75);
  ASSERT_TRUE(sampler.ok());
  EXPECT_EQ(sampler->size(), 1);
  EXPECT_DOUBLE_EQ(sampler->Probability(0), 1.0);
  EXPECT_FLOAT_EQ(sampler->LogProbability(0), 0.0f);
  Rng rng(1);
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(sampler->Sample(rng), 0);
}

TEST(AliasSamplerTest, ZeroCountWordsAreNeverDrawn) {
  std::vector<int64_t> counts(1000, 0);
  for (int i = 0; i < 1000; i += 3) counts[i] = 1 + i;
  for (const double power : {0.0, 0.75, 1.0}) {
    auto sampler = AliasSampler::Create(counts, power);
    ASSERT_TRUE(sampler.ok());
    const std::vector<int64_t> observed = Histogram(*sampler, 9, 2000000);
    for (int w = 0; w < 1000; ++w) {
      if (counts[w] == 0) {
        EXPECT_EQ(observed[w], 0) << "word " << w << " power " << power;
        EXPECT_EQ(sampler->Probability(w), 0.0);
        EXPECT_TRUE(std::isinf(sampler->LogProbability(w)));
        EXPECT_LT(sampler->LogProbability(w), 0);
      } else {
        EXPECT_GT(sampler->Probability(w), 0.0);
      }
    }
  }
}

TEST(AliasSamplerTest, SameSeedSameDraws) {
  auto sampler = AliasSampler::Create(ZipfCounts(100), 0.75);
  ASSERT_TRUE(sampler.ok());
  Rng a(123);
  Rng b(123);
  Rng c(124);
  int differ = 0;
  for (int i = 0; i < 10000; ++i) {
    const int32_t x = sampler->Sample(a);
    ASSERT_EQ(x, sampler->Sample(b));
    differ += x != sampler->Sample(c);
  }
  EXPECT_GT(differ, 5000);
}

TEST(AliasSamplerTest, ExtremePowersStayFinite) {
  const std::vector<int64_t> counts = {1, 1000000000, 2};
  for (const double power : {300.0, -300.0}) {
    auto sampler = AliasSampler::Create(counts, power);
    ASSERT_TRUE(sampler.ok()) << power;
    double sum = 0;
    for (int w = 0; w < 3; ++w) {
      EXPECT_TRUE(std::isfinite(sampler->Probability(w)));
      EXPECT_TRUE(std::isfinite(sampler->LogProbability(w)));
      sum += sampler->Probability(w);
    }
    EXPECT_DOUBLE_EQ(sum, 1.0);
  }
  auto high = AliasSampler::Create(counts, 300.0);
  EXPECT_DOUBLE_EQ(high->Probability(1), 1.0);
  EXPECT_NEAR(high->LogProbability(2), 300 * std::log(2e-9), 1e-3);
  Rng rng(5);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(high->Sample(rng), 1);
}

TEST(AliasSamplerTest, RejectsBadInput) {
  EXPECT_FALSE(AliasSampler::Create({}, 0.75).ok());
  const std::vector<int64_t> negative = {1, -1, 2};
  auto status = AliasSampler::Create(negative, 0.75).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("word 1"), absl::string_view::npos);
  const std::vector<int64_t> zeros = {0, 0};
  EXPECT_FALSE(AliasSampler::Create(zeros, 0.75).ok());
  const std::vector<int64_t> fine = {1, 2};
  EXPECT_FALSE(AliasSampler::Create(fine, NAN).ok());
  EXPECT_FALSE(AliasSampler::Create(fine, INFINITY).ok());
  EXPECT_FALSE(AliasSampler::Create(fine, -INFINITY).ok());
}

}  // namespace
}  // namespace nce2vec
