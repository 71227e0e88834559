// The standard evaluation sets that ship with nce2vec (data/eval/ of the
// source tree, <prefix>/share/nce2vec/eval once installed; sources and
// licences in data/eval/README.md) and the one place that decides which
// folder of them a command, a test or the demo uses.
//
// Order: a folder the user named (a flag), else $NCE2VEC_EVAL_DIR, else the
// first of the default folders that holds a set:
//   1. <dir of the running binary>/../share/nce2vec/eval: an installed
//      nce2vec (bin/nce2vec beside share/), wherever the prefix is;
//   2. <dir of the running binary>/../data/eval: a binary in a build folder
//      directly inside the source tree (build/nce2vec);
//   3. data/eval of the source tree the binary was compiled from (its path
//      is compiled in), for a build folder elsewhere.
// A folder that was named is used as it is, never replaced by a default: a
// mistyped name is an error, not a silent fallback.
#ifndef NCE2VEC_QUERY_EVAL_SETS_H_
#define NCE2VEC_QUERY_EVAL_SETS_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

// Google's analogy questions, word2vec's questions-words.txt.
inline constexpr absl::string_view kAnalogySetFile = "questions-words.txt";
// The word-similarity sets, in the order reports list them.
inline constexpr std::array<absl::string_view, 6> kSimilaritySetFiles = {
    "wordsim353.txt", "simlex999.txt",      "men3000.txt",
    "rw2034.txt",     "wordsim353-sim.txt", "wordsim353-rel.txt"};
// Names the folder when no flag does.
inline constexpr char kEvalDirEnv[] = "NCE2VEC_EVAL_DIR";

// The standard sets present in one folder. Intentionally copyable.
struct EvalSetFiles {
  std::string dir;
  // Base names of the sets found in `dir`: kAnalogySetFile first when
  // present, then kSimilaritySetFiles' order.
  std::vector<std::string> files;

  // `dir`/`name` when that set is present, else "".
  std::string Path(absl::string_view name) const;
  std::string analogies() const { return Path(kAnalogySetFile); }
  // The paths of the similarity sets present.
  std::vector<std::string> similarity() const;
};

// Where to look. Intentionally copyable.
struct EvalDirSearch {
  // A folder the user named, and how (e.g. "--eval_dir") for messages; ""
  // when none was named.
  std::string named;
  std::string named_as;
  // The value of $NCE2VEC_EVAL_DIR; "" when unset or empty.
  std::string env;
  // Searched in order when neither of the above is set.
  std::vector<std::string> defaults;
};

// Folders 1 to 3 of the header comment for a binary at `executable`, in
// that order, without duplicates (a build folder inside the tree gives the
// same folder for 2 and 3).
std::vector<std::string> DefaultEvalDirs(const std::string& executable);

// The search of this process: `named` as given, $NCE2VEC_EVAL_DIR from the
// environment, and DefaultEvalDirs of /proc/self/exe.
EvalDirSearch ThisProcessEvalDirSearch(std::string named, std::string named_as);

// The sets of the folder `search` selects. A named folder and
// $NCE2VEC_EVAL_DIR must hold at least one set (InvalidArgument otherwise,
// naming the folder and how it was given); of the defaults, the first that
// holds one wins, and NotFound lists every folder looked in when none does.
absl::StatusOr<EvalSetFiles> LocateEvalSets(const EvalDirSearch& search);

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_EVAL_SETS_H_
