// One bench run: train a model for a planned configuration, then score it
// on the held-out pairs and the quality sets, measuring time and memory.
#ifndef NCE2VEC_BENCH_BENCH_RUNNER_H_
#define NCE2VEC_BENCH_BENCH_RUNNER_H_

#include "absl/status/statusor.h"
#include "src/bench/bench_plan.h"
#include "src/bench/bench_progress.h"
#include "src/bench/bench_result.h"
#include "src/bench/heldout.h"
#include "src/bench/quality.h"
#include "src/bench/reference_cache.h"
#include "src/corpus/corpus.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

// What every run of a bench shares, read once.
struct BenchInputs {
  const Corpus& corpus;
  const Vocab& vocab;
  const HeldoutPairs& heldout;
  const EvalSets& eval_sets;  // empty: quality is not scored
  // With a cache, the reference runs (Normalisation::kExact) are taken from
  // it when it has them and stored in it when they are trained; the files
  // and the binary's identity are their key's (reference_cache.h).
  const ReferenceCache* reference_cache = nullptr;
  const std::vector<InputFile>* train_files = nullptr;
  std::string binary_identity;
};

// Trains run `index` of `progress`'s plan from a fresh model (seeded with
// the run's seed) and scores it. The peak memory covers the model's creation
// and the training: the whole process's resident memory, vocabulary and
// held-out data included. A run that diverges (the trainer's Aborted) is
// returned with RunRecord::failure set; other failures of training, of
// reading the evaluation sets or of the reference cache fail the call.
absl::StatusOr<RunRecord> RunOne(const PlannedRun& run, bool output_bias,
                                 const BenchInputs& inputs, int index,
                                 BenchProgress& progress);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_BENCH_RUNNER_H_
