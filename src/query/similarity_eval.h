// Word-similarity benchmarks (WordSim-353, SimLex-999, ...): lines
// "word1<TAB>word2<TAB>score", "#" comment lines. Scored as gensim 4's
// KeyedVectors.evaluate_word_pairs(delimiter="\t", case_insensitive=True)
// does: words upper-cased on both sides and looked up among the first
// `restrict_vocab` rows (gensim's default 300000; first row of a case class
// wins), Spearman's rho (average ranks for ties) and Pearson's r between the
// human scores and the cosines of the pairs with both words known.
//
// By choice, a line without exactly three tab-separated fields or with a
// score that is not a finite number is skipped with a warning and counted as
// malformed (gensim skips it silently), blank lines are ignored, and a file
// without one well-formed pair is an error quoting its first malformed line
// (gensim returns NaN correlations). As in gensim, the words are not
// trimmed: "cat " is not "cat".
//
// Embeddings loaded from a model (.bin) also score the pairs gensim would
// skip: a word not found among the first `restrict_vocab` rows gets its
// vector from the model, as written in the file (n-grams are
// case-sensitive), and only a word the model has no vector for makes a pair
// out of vocabulary.
#ifndef NCE2VEC_QUERY_SIMILARITY_EVAL_H_
#define NCE2VEC_QUERY_SIMILARITY_EVAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/query/embeddings.h"

namespace nce2vec {

inline constexpr int64_t kGensimPairsRestrictVocab = 300000;

struct SimilarityResult {
  int64_t pairs = 0;      // well-formed pair lines
  int64_t evaluated = 0;  // both words known
  int64_t oov = 0;        // skipped: a word out of vocabulary
  int64_t subword = 0;    // evaluated with a vector from the model
  int64_t malformed = 0;
  double spearman = 0.0;  // NaN with fewer than 2 pairs evaluated
  double pearson = 0.0;
  double oov_percent() const;
  // "path:line: message", one per malformed line.
  std::vector<std::string> warnings;
};

absl::StatusOr<SimilarityResult> EvaluateSimilarity(
    const Embeddings& e, const std::string& path,
    int64_t restrict_vocab = kGensimPairsRestrictVocab);

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_SIMILARITY_EVAL_H_
