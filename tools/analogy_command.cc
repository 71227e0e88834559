// nce2vec analogy: "a b c" -> the words d with a:b :: c:d.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/query/nearest.h"
#include "src/query/query_loop.h"
#include "src/util/status_macros.h"
#include "tools/command.h"
#include "tools/query_flags.h"

ABSL_FLAG(std::string, method, "3cosadd",
          "3cosadd: cos(d, b - a + c); 3cosmul: Levy & Goldberg's "
          "multiplicative objective, cosines shifted to [0, 1] as gensim's "
          "most_similar_cosmul");

namespace nce2vec {

const FlagGroup& AnalogyFlags() {
  static const auto* group = new FlagGroup(MakeFlagGroup(FLAGS_method));
  return *group;
}

absl::Status RunAnalogy(const Invocation& invocation) {
  const std::vector<char*>& args = invocation.args;
  if (!args.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unexpected argument '", args[0],
        "'; questions 'a b c' come from stdin or --queries, one per line"));
  }
  const std::string name = absl::GetFlag(FLAGS_method);
  AnalogyMethod method;
  if (name == "3cosadd") {
    method = AnalogyMethod::k3CosAdd;
  } else if (name == "3cosmul") {
    method = AnalogyMethod::k3CosMul;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--method must be 3cosadd or 3cosmul, got '", name, "'"));
  }
  ASSIGN_OR_RETURN(const int k, KFromFlag());
  RETURN_IF_ERROR(CheckQueriesFlag());
  ASSIGN_OR_RETURN(const Embeddings e, LoadEmbeddingsFromFlags(true));
  QueryLoopOptions options;
  options.prompt = "a b c (a is to b as c is to ?; Ctrl-D quits): ";
  options.score_name = method == AnalogyMethod::k3CosAdd ? "cosine" : "3cosmul";
  options.error_prefix = "nce2vec analogy: ";
  return RunQueriesFromFlags(e, options,
                             [&](absl::Span<const std::string> lines) {
                               return AnswerAnalogies(e, lines, method, k);
                             });
}

}  // namespace nce2vec
