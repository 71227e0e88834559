// The word-analogy benchmark in the questions-words.txt format of word2vec's
// compute-accuracy: ": section" header lines, then "a b c d" lines meaning
// a:b :: c:d. Scored as gensim 4's KeyedVectors.evaluate_word_analogies(
// restrict_vocab, case_insensitive=True) does, so the counts agree exactly:
//   - words are upper-cased on both sides; of several vocabulary words with
//     the same upper-case form, the first row stands for all (FoldedVocab);
//   - a question is evaluated only when its four words are among the first
//     `restrict_vocab` rows, otherwise it is skipped as out of vocabulary;
//   - the answer is searched among those rows, the rows of a, b and c
//     excluded; of the 5 best candidates the first whose upper-case form is
//     not that of a, b or c is the prediction (if all 5 are, the 5th is), and
//     it is correct when its upper-case form is that of d.
// A section whose name starts with "gram" is syntactic, the others semantic.
//
// Differences from gensim, by choice: a line that is not a header and does
// not hold exactly 4 words is skipped with a warning and counted as
// malformed (gensim skips it silently); blank lines are ignored; a question
// before the first header is an error naming the line (gensim raises too);
// a file without one well-formed question is an error quoting its first
// malformed line (gensim reports 0 questions).
#ifndef NCE2VEC_QUERY_ANALOGY_EVAL_H_
#define NCE2VEC_QUERY_ANALOGY_EVAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/query/embeddings.h"
#include "src/query/nearest.h"

namespace nce2vec {

struct AnalogyCounts {
  int64_t correct = 0;
  int64_t evaluated = 0;
  int64_t skipped = 0;  // out of vocabulary
  int64_t questions() const { return evaluated + skipped; }
  // NaN when nothing was evaluated / there are no questions.
  double accuracy() const;
  double accuracy_all() const;
  void Add(const AnalogyCounts& other);
};

struct AnalogySection {
  std::string name;
  AnalogyCounts counts;
  bool syntactic() const;
};

struct AnalogyEvalOptions {
  int64_t restrict_vocab = 30000;
  AnalogyMethod method = AnalogyMethod::k3CosAdd;
};

struct AnalogyEvalResult {
  std::vector<AnalogySection> sections;
  AnalogyCounts semantic;
  AnalogyCounts syntactic;
  AnalogyCounts total;
  int64_t malformed = 0;
  // "path:line: message", one per malformed line.
  std::vector<std::string> warnings;
};

absl::StatusOr<AnalogyEvalResult> EvaluateAnalogies(
    const Embeddings& e, const std::string& path,
    const AnalogyEvalOptions& options = {});

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_ANALOGY_EVAL_H_
