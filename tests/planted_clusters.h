// A synthetic corpus with planted word clusters, and the check that trained
// vectors recover them: every sentence draws its words from one of
// kClusters clusters of kWordsPerCluster words ("c3w5"), so a trained model
// must put each word's nearest neighbour in its own cluster.
#ifndef NCE2VEC_TESTS_PLANTED_CLUSTERS_H_
#define NCE2VEC_TESTS_PLANTED_CLUSTERS_H_

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/kernels/vector_ops.h"
#include "src/model/matrix.h"
#include "src/util/rng.h"

namespace nce2vec::testing {

inline constexpr int kClusters = 10;
inline constexpr int kWordsPerCluster = 8;

inline std::string ClusterWord(int cluster, int i) {
  return absl::StrCat("c", cluster, "w", i);
}

inline std::string MakeClusterCorpus(int sentences, uint64_t seed) {
  Rng rng(seed);
  std::string text;
  for (int s = 0; s < sentences; ++s) {
    const int cluster = static_cast<int>(rng.Uniform(kClusters));
    const int length = 5 + static_cast<int>(rng.Uniform(10));
    for (int i = 0; i < length; ++i) {
      absl::StrAppend(&text, i ? " " : "",
                      ClusterWord(cluster, static_cast<int>(
                                               rng.Uniform(kWordsPerCluster))));
    }
    text += "\n";
  }
  return text;
}

// Share of words whose nearest neighbour by cosine is in their cluster;
// row i of `m` is words[i]'s vector.
inline double NeighbourAccuracy(const Matrix& m,
                                const std::vector<std::string>& words) {
  const int32_t n = static_cast<int32_t>(words.size());
  int correct = 0;
  for (int32_t a = 0; a < n; ++a) {
    int32_t best = -1;
    double best_cos = -2;
    for (int32_t b = 0; b < n; ++b) {
      if (a == b) continue;
      const double cos = Dot(m.row(a), m.row(b), m.stride()) /
                         std::sqrt(Dot(m.row(a), m.row(a), m.stride()) *
                                   Dot(m.row(b), m.row(b), m.stride()));
      if (cos > best_cos) best_cos = cos, best = b;
    }
    // A diverged model's NaN cosines leave no neighbour: count it wrong.
    if (best < 0) continue;
    correct += words[a].substr(0, words[a].find('w')) ==
               words[best].substr(0, words[best].find('w'));
  }
  return static_cast<double>(correct) / n;
}

}  // namespace nce2vec::testing

#endif  // NCE2VEC_TESTS_PLANTED_CLUSTERS_H_
