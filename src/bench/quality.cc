#include "src/bench/quality.h"

#include <sys/stat.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "src/query/analogy_eval.h"
#include "src/query/embeddings.h"
#include "src/query/similarity_eval.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// `dir`/`name` if it exists, else "" and a note.
std::string FindSet(const std::string& dir, absl::string_view name,
                    absl::string_view what, std::vector<std::string>* notes) {
  const std::string path = absl::StrCat(dir, "/", name);
  if (IsFile(path)) return path;
  notes->push_back(absl::StrCat(what, " not scored: ", path, " not found"));
  return "";
}

void Append(std::vector<std::string>* to,
            const std::vector<std::string>& from) {
  to->insert(to->end(), from.begin(), from.end());
}

}  // namespace

absl::StatusOr<EvalSets> FindEvalSets(const std::string& dir, bool required,
                                      absl::string_view flag) {
  EvalSets sets;
  sets.analogies =
      FindSet(dir, "questions-words.txt", "analogy accuracy", &sets.notes);
  sets.wordsim353 =
      FindSet(dir, "wordsim353.txt", "WordSim-353 Spearman", &sets.notes);
  sets.simlex999 =
      FindSet(dir, "simlex999.txt", "SimLex-999 Spearman", &sets.notes);
  if (sets.empty() && required) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, " ", dir,
        ": holds none of questions-words.txt, wordsim353.txt, simlex999.txt"));
  }
  return sets;
}

absl::StatusOr<QualityResult> EvaluateQuality(const EvalSets& sets,
                                              WordVectors vectors) {
  const Embeddings embeddings = Embeddings::FromWordVectors(std::move(vectors));
  QualityResult result;
  if (!sets.analogies.empty()) {
    ASSIGN_OR_RETURN(const AnalogyEvalResult analogies,
                     EvaluateAnalogies(embeddings, sets.analogies));
    result.analogy_total = analogies.total.accuracy();
    result.analogy_evaluated = analogies.total.evaluated;
    result.analogy_questions = analogies.total.questions();
    Append(&result.warnings, analogies.warnings);
  }
  for (const auto& [path, spearman] :
       {std::pair{&sets.wordsim353, &result.wordsim353_spearman},
        std::pair{&sets.simlex999, &result.simlex999_spearman}}) {
    if (path->empty()) continue;
    ASSIGN_OR_RETURN(const SimilarityResult similarity,
                     EvaluateSimilarity(embeddings, *path));
    *spearman = similarity.spearman;
    Append(&result.warnings, similarity.warnings);
  }
  return result;
}

}  // namespace nce2vec
