// The query front end shared by `nce2vec nn` and `nce2vec analogy`: lines of
// words in, ranked words out, either at an interactive prompt (one query at
// a time, a readable table) or in batch (queries answered a chunk at a time
// through one matrix product, one "query<TAB>rank<TAB>word<TAB>score" line
// per answer or one JSON object per query).
#ifndef NCE2VEC_QUERY_QUERY_LOOP_H_
#define NCE2VEC_QUERY_QUERY_LOOP_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "src/query/embeddings.h"
#include "src/query/nearest.h"

namespace nce2vec {

struct QueryAnswer {
  std::string query;  // the line's words joined by single spaces
  std::string error;  // non-empty: the query could not be answered
  std::vector<Neighbour> neighbours;
  // The query's words that are not rows of the embeddings, whose vectors
  // came from the model's n-grams (Embeddings::UnseenUnitVector).
  std::vector<std::string> composed;
};

// Nearest words to the normalised sum of each line's words, those words
// excluded. With a model, a word that is not a row counts with its vector
// composed from the model.
std::vector<QueryAnswer> AnswerNearest(const Embeddings& e,
                                       absl::Span<const std::string> lines,
                                       int k);

// Lines "a b c" (a:b :: c:?), answered over the whole vocabulary; words
// that are not rows as in AnswerNearest.
std::vector<QueryAnswer> AnswerAnalogies(const Embeddings& e,
                                         absl::Span<const std::string> lines,
                                         AnalogyMethod method, int k);

// "query<TAB>rank<TAB>word<TAB>score\n" per neighbour, rank from 1.
std::string FormatTsv(const Embeddings& e, const QueryAnswer& answer);
// {"query": ..., "results": [{"word": ..., "score": ...}, ...]} or
// {"query": ..., "error": ...}, and "\n"; "composed": [...] after the
// query when some of its words were composed.
std::string FormatJson(const Embeddings& e, const QueryAnswer& answer);

struct QueryLoopOptions {
  bool interactive = false;
  bool json = false;
  std::string prompt;        // interactive only
  std::string score_name;    // column title, e.g. "cosine"
  std::string error_prefix;  // batch warnings on stderr, e.g. "nce2vec nn: "
  std::string input_name;    // for warnings, e.g. the --queries path
};

using AnswerFunction =
    std::function<std::vector<QueryAnswer>(absl::Span<const std::string>)>;

// Reads `in` to its end and returns the number of queries (non-blank
// lines). Batch mode writes unanswerable queries to stderr as
// "input:line: error" (and as an "error" object with --json) and goes on.
absl::StatusOr<int64_t> RunQueryLoop(std::FILE* in, std::FILE* out,
                                     const Embeddings& e,
                                     const QueryLoopOptions& options,
                                     const AnswerFunction& answer);

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_QUERY_LOOP_H_
