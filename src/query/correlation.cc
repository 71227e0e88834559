#include "src/query/correlation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace nce2vec {

std::vector<double> AverageRanks(absl::Span<const double> values) {
  const size_t n = values.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(n);
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && values[order[j]] == values[order[i]]) ++j;
    // Positions i..j-1 hold equal values: ranks i+1..j, mean (i+1+j)/2.
    const double rank = 0.5 * static_cast<double>(i + 1 + j);
    for (size_t t = i; t < j; ++t) ranks[order[t]] = rank;
    i = j;
  }
  return ranks;
}

double Pearson(absl::Span<const double> x, absl::Span<const double> y) {
  const size_t n = x.size();
  if (n != y.size() || n < 2) return std::numeric_limits<double>::quiet_NaN();
  double mx = 0.0, my = 0.0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx == 0.0 || syy == 0.0) return std::numeric_limits<double>::quiet_NaN();
  // Rounding can push |r| a hair past 1; scipy clips it the same way.
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

double Spearman(absl::Span<const double> x, absl::Span<const double> y) {
  if (x.size() != y.size() || x.size() < 2) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::vector<double> rx = AverageRanks(x);
  const std::vector<double> ry = AverageRanks(y);
  return Pearson(rx, ry);
}

}  // namespace nce2vec
