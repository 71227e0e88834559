// nce2vec nn: the nearest words of each query by cosine similarity.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/query/query_loop.h"
#include "src/util/status_macros.h"
#include "tools/command.h"
#include "tools/query_flags.h"

ABSL_FLAG(int32_t, k, 10, "Answers per query (all words if larger)");
ABSL_FLAG(std::string, queries, "",
          "Read queries from this file, one per line, instead of stdin");

namespace nce2vec {

const FlagGroup& NnFlags() {
  static const auto* group =
      new FlagGroup(MakeFlagGroup(FLAGS_k, FLAGS_queries));
  return *group;
}

absl::Status RunNn(const Invocation& invocation) {
  const std::vector<char*>& args = invocation.args;
  if (!args.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", args[0],
                     "'; queries come from stdin or --queries, one per line"));
  }
  ASSIGN_OR_RETURN(const int k, KFromFlag());
  RETURN_IF_ERROR(CheckQueriesFlag());
  ASSIGN_OR_RETURN(const Embeddings e, LoadEmbeddingsFromFlags(true));
  QueryLoopOptions options;
  options.prompt = "Words (several are summed; Ctrl-D quits): ";
  options.score_name = "cosine";
  options.error_prefix = "nce2vec nn: ";
  return RunQueriesFromFlags(e, options,
                             [&](absl::Span<const std::string> lines) {
                               return AnswerNearest(e, lines, k);
                             });
}

}  // namespace nce2vec
