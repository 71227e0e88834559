#include "src/bench/bench_runner.h"

#include <chrono>
#include <limits>
#include <utility>
#include <vector>

#include "src/model/embedding_model.h"
#include "src/model/vectors_io.h"
#include "src/objectives/registry.h"
#include "src/trainer/subword_composer.h"
#include "src/trainer/trainer.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// For the objectives that learn a metric rather than scores: every figure
// is NaN, which the reports write as null or "-".
HeldoutResult NoLikelihood(const HeldoutPairs& pairs) {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  HeldoutResult result;
  result.pairs = pairs.pairs();
  result.oov_pairs = pairs.oov_pairs();
  result.mean_log_likelihood = result.perplexity = kNone;
  result.mean_log_likelihood_self_normalized = kNone;
  result.perplexity_self_normalized = kNone;
  result.log_z_mean = result.log_z_std = kNone;
  return result;
}

}  // namespace

absl::StatusOr<RunRecord> RunOne(const PlannedRun& run, bool output_bias,
                                 const BenchInputs& inputs, int index,
                                 BenchProgress& progress) {
  RunRecord record;
  record.plan = run;
  record.output_bias = output_bias;
  const TrainConfig& config = run.config;

  PeakMemoryMeter meter;
  meter.Start();
  ASSIGN_OR_RETURN(
      EmbeddingModel model,
      EmbeddingModel::Create(
          inputs.vocab.counts(), config.dim, output_bias, config.seed,
          config.subwords.enabled() ? config.subwords.bucket : 0));
  const auto train_start = std::chrono::steady_clock::now();
  absl::StatusOr<TrainResult> train = Train(config, inputs.corpus, inputs.vocab,
                                            model, progress.RunHooks(index));
  record.peak = meter.Read();
  if (absl::IsAborted(train.status())) {
    // The other runs are still worth their time: this one is reported as
    // diverged, with nothing scored from its garbage parameters.
    record.failure = std::string(train.status().message());
    record.train.seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - train_start)
                               .count();
    record.heldout = NoLikelihood(inputs.heldout);
    progress.RunFinished(index, record.train.seconds, 0);
    return record;
  }
  RETURN_IF_ERROR(train.status());
  record.train = *std::move(train);

  const auto eval_start = std::chrono::steady_clock::now();
  if (config.subwords.enabled()) {
    // A word's vector is its composed one: the held-out likelihood and the
    // quality sets score the model through it, as fastText's own vectors.
    ASSIGN_OR_RETURN(model.input,
                     ComposeWordVectors(
                         model.input, SubwordIndex::Build(inputs.vocab.words(),
                                                          config.subwords)));
    model.ngram_rows = 0;
  }
  const ObjectiveInfo* info = FindObjective(config.objective);
  if (info != nullptr && info->scoring != Scoring::kDotProduct) {
    record.heldout = NoLikelihood(inputs.heldout);
  } else {
    ASSIGN_OR_RETURN(record.heldout,
                     EvaluateHeldout(inputs.heldout, model, config.threads));
  }
  if (!inputs.eval_sets.empty()) {
    WordVectors vectors;
    vectors.words = inputs.vocab.words();
    vectors.vectors = std::move(model.input);
    ASSIGN_OR_RETURN(record.quality,
                     EvaluateQuality(inputs.eval_sets, std::move(vectors)));
  }
  record.eval_seconds = std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - eval_start)
                            .count();
  progress.RunFinished(index, record.train.seconds, record.eval_seconds);
  return record;
}

}  // namespace nce2vec
