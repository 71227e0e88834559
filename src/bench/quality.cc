#include "src/bench/quality.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "src/query/analogy_eval.h"
#include "src/query/embeddings.h"
#include "src/query/similarity_eval.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// `found`'s path of `name`, else "" and a note.
std::string FindSet(const EvalSetFiles& found, absl::string_view name,
                    absl::string_view what, std::vector<std::string>* notes) {
  std::string path = found.Path(name);
  if (path.empty()) {
    notes->push_back(absl::StrCat(what, " not scored: ", found.dir, "/", name,
                                  " not found"));
  }
  return path;
}

void Append(std::vector<std::string>* to,
            const std::vector<std::string>& from) {
  to->insert(to->end(), from.begin(), from.end());
}

}  // namespace

EvalSets QualitySets(const EvalSetFiles& found) {
  EvalSets sets;
  sets.analogies =
      FindSet(found, kAnalogySetFile, "analogy accuracy", &sets.notes);
  sets.wordsim353 =
      FindSet(found, "wordsim353.txt", "WordSim-353 Spearman", &sets.notes);
  sets.simlex999 =
      FindSet(found, "simlex999.txt", "SimLex-999 Spearman", &sets.notes);
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
