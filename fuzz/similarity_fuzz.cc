// Fuzzes the word-similarity file reader (src/query/similarity_eval.h) on a
// fixed vector set: an accepted file must give consistent counts and
// correlations in [-1, 1] (or NaN).
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "fuzz/eval_embeddings.h"
#include "fuzz/scratch_file.h"
#include "src/query/similarity_eval.h"

namespace {

bool IsCorrelation(double r) {
  // A little slack for rounding.
  return std::isnan(r) || (r >= -1.0 - 1e-9 && r <= 1.0 + 1e-9);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nce2vec::fuzz::Check;
  static nce2vec::fuzz::ScratchFile* const file =
      new nce2vec::fuzz::ScratchFile();
  file->Write(data, size);
  const absl::StatusOr<nce2vec::SimilarityResult> result =
      nce2vec::EvaluateSimilarity(nce2vec::fuzz::EvalEmbeddings(),
                                  file->path());
  if (!result.ok()) return 0;
  Check(result->evaluated + result->oov == result->pairs,
        "pairs are neither evaluated nor out of vocabulary");
  Check(result->malformed == static_cast<int64_t>(result->warnings.size()),
        "one warning per malformed line");
  Check(IsCorrelation(result->spearman) && IsCorrelation(result->pearson),
        "correlation out of [-1, 1]");
  return 0;
}
