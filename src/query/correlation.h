// Correlation coefficients as scipy.stats computes them for gensim's
// evaluate_word_pairs: Pearson's r, and Spearman's rho as Pearson's r of the
// ranks, tied values sharing their average rank (scipy's rankdata default).
#ifndef NCE2VEC_QUERY_CORRELATION_H_
#define NCE2VEC_QUERY_CORRELATION_H_

#include <vector>

#include "absl/types/span.h"

namespace nce2vec {

// 1-based ranks; ties get the mean of the ranks they span.
std::vector<double> AverageRanks(absl::Span<const double> values);

// NaN when the spans differ in length, hold fewer than 2 values, or one is
// constant (scipy returns NaN there too).
double Pearson(absl::Span<const double> x, absl::Span<const double> y);
double Spearman(absl::Span<const double> x, absl::Span<const double> y);

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_CORRELATION_H_
