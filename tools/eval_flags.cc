#include "tools/eval_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, eval_dir, "",
          "Folder of the evaluation sets (questions-words.txt, "
          "wordsim353.txt, simlex999.txt, men3000.txt, rw2034.txt, "
          "wordsim353-sim.txt, wordsim353-rel.txt; any subset); default "
          "$NCE2VEC_EVAL_DIR, else the sets installed with nce2vec "
          "(PREFIX/share/nce2vec/eval) or those of the source tree it was "
          "built from (data/eval)");

namespace nce2vec {

const FlagGroup& EvalDirFlags() {
  static const auto* group = new FlagGroup(MakeFlagGroup(FLAGS_eval_dir));
  return *group;
}

absl::StatusOr<EvalSetFiles> EvalSetsFromFlags() {
  return LocateEvalSets(
      ThisProcessEvalDirSearch(absl::GetFlag(FLAGS_eval_dir), "--eval_dir"));
}

}  // namespace nce2vec
