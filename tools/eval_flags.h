// --eval_dir, shared by eval and bench: the folder of the standard
// evaluation sets, found as src/query/eval_sets.h says when not given.
#ifndef NCE2VEC_TOOLS_EVAL_FLAGS_H_
#define NCE2VEC_TOOLS_EVAL_FLAGS_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "src/query/eval_sets.h"
#include "tools/command.h"

ABSL_DECLARE_FLAG(std::string, eval_dir);

namespace nce2vec {

// --eval_dir alone, a group of its own since eval and bench both take it.
const FlagGroup& EvalDirFlags();

// The sets of --eval_dir, else of $NCE2VEC_EVAL_DIR, else of the folder
// installed or built beside the binary (LocateEvalSets).
absl::StatusOr<EvalSetFiles> EvalSetsFromFlags();

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_EVAL_FLAGS_H_
