// Fuzzes the analogy file reader (src/query/analogy_eval.h) on a fixed
// vector set: an accepted file must give consistent counts.
#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "fuzz/eval_embeddings.h"
#include "fuzz/scratch_file.h"
#include "src/query/analogy_eval.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nce2vec::fuzz::Check;
  static nce2vec::fuzz::ScratchFile* const file =
      new nce2vec::fuzz::ScratchFile();
  file->Write(data, size);
  const absl::StatusOr<nce2vec::AnalogyEvalResult> result =
      nce2vec::EvaluateAnalogies(nce2vec::fuzz::EvalEmbeddings(), file->path());
  if (!result.ok()) return 0;
  nce2vec::AnalogyCounts sum;
  for (const nce2vec::AnalogySection& section : result->sections) {
    const nce2vec::AnalogyCounts& c = section.counts;
    Check(c.correct >= 0 && c.correct <= c.evaluated && c.skipped >= 0,
          "inconsistent section counts");
    sum.Add(c);
  }
  Check(sum.correct == result->total.correct &&
            sum.evaluated == result->total.evaluated &&
            sum.skipped == result->total.skipped,
        "sections do not add up to the total");
  Check(result->malformed == static_cast<int64_t>(result->warnings.size()),
        "one warning per malformed line");
  return 0;
}
