// Flags and set-up shared by the query commands (nn, analogy, eval).
#ifndef NCE2VEC_TOOLS_QUERY_FLAGS_H_
#define NCE2VEC_TOOLS_QUERY_FLAGS_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/query/embeddings.h"
#include "src/query/query_loop.h"
#include "tools/command.h"

// nn, analogy and eval (this file); --model_file also vectors.
ABSL_DECLARE_FLAG(std::string, vectors);
ABSL_DECLARE_FLAG(std::string, model_file);
ABSL_DECLARE_FLAG(int64_t, limit);
ABSL_DECLARE_FLAG(bool, json);
// nn and analogy (defined in nn_command.cc, whose flags analogy accepts).
ABSL_DECLARE_FLAG(int32_t, k);
ABSL_DECLARE_FLAG(std::string, queries);

namespace nce2vec {

// --vectors, --limit, --json.
const FlagGroup& QueryFlags();
// --model_file alone: nn, analogy and eval take it beside --vectors, and
// vectors instead of it.
const FlagGroup& ModelFileFlags();

// Validates --vectors or --model_file (one of them) and --limit and loads
// the vectors, reporting the load time on stderr when `verbose`.
absl::StatusOr<Embeddings> LoadEmbeddingsFromFlags(bool verbose);

// Validates --k.
absl::StatusOr<int> KFromFlag();

// Checks that --queries, when given, is a readable file: called before the
// vectors load, so that a bad path fails at once.
absl::Status CheckQueriesFlag();

// Answers the queries of --queries, or of stdin: at a prompt when stdin is a
// terminal, else in batch. `options` supplies the prompt and names; the mode,
// --json and the input's name are filled in here.
absl::Status RunQueriesFromFlags(const Embeddings& e, QueryLoopOptions options,
                                 const AnswerFunction& answer);

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_QUERY_FLAGS_H_
