#include "src/bench/bench_runner.h"

#include <chrono>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "src/model/embedding_model.h"
#include "src/model/vectors_io.h"
#include "src/objectives/huffman_tree.h"
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
  const ObjectiveInfo* info = FindObjective(config.objective);

  std::optional<ReferenceKey> key;
  std::optional<CachedRun> cached;
  // The softmax is the reference worth keeping: hs, exact too, trains in
  // seconds.
  if (inputs.reference_cache != nullptr && info != nullptr &&
      info->normalisation == Normalisation::kExact &&
      info->scoring == Scoring::kDotProduct) {
    key = ReferenceKeyFor(config, *inputs.train_files, inputs.vocab,
                          inputs.binary_identity);
    ASSIGN_OR_RETURN(cached, inputs.reference_cache->Find(*key, inputs.vocab));
  }
  EmbeddingModel model;
  if (cached.has_value()) {
    record.cached = true;
    record.train = std::move(cached->train);
    record.peak = cached->peak;
    model = std::move(cached->model);
  } else {
    PeakMemoryMeter meter;
    meter.Start();
    ASSIGN_OR_RETURN(model, NewModel(config, inputs.vocab, output_bias));
    const auto train_start = std::chrono::steady_clock::now();
    absl::StatusOr<TrainResult> train = Train(
        config, inputs.corpus, inputs.vocab, model, progress.RunHooks(index));
    record.peak = meter.Read();
    if (absl::IsAborted(train.status())) {
      // The other runs are still worth their time: this one is reported as
      // diverged, with nothing scored from its garbage parameters.
      record.failure = std::string(train.status().message());
      record.train.seconds = std::chrono::duration<double>(
                                 std::chrono::steady_clock::now() - train_start)
                                 .count();
      record.heldout = NoLikelihood(inputs.heldout);
      record.false_negative_rate = std::numeric_limits<double>::quiet_NaN();
      progress.RunFinished(index, record.train.seconds, 0);
      return record;
    }
    RETURN_IF_ERROR(train.status());
    record.train = *std::move(train);
    if (key.has_value()) {
      RETURN_IF_ERROR(inputs.reference_cache->Store(
          *key, config, inputs.corpus.paths(), inputs.vocab, model,
          record.train, record.peak));
    }
  }
  record.false_negative_rate =
      record.train.in_batch_negatives > 0
          ? static_cast<double>(record.train.false_negatives) /
                record.train.in_batch_negatives
          : std::numeric_limits<double>::quiet_NaN();

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
  switch (info->scoring) {
    case Scoring::kDotProduct: {
      ASSIGN_OR_RETURN(record.heldout,
                       EvaluateHeldout(inputs.heldout, model, config.threads));
      break;
    }
    case Scoring::kTreePath: {
      // The tree the objective trained: both build it from the counts.
      ASSIGN_OR_RETURN(
          record.heldout,
          EvaluateHeldoutTree(inputs.heldout, model,
                              HuffmanTree::Build(inputs.vocab.counts()),
                              config.threads));
      break;
    }
    case Scoring::kSquaredDistance:
      record.heldout = NoLikelihood(inputs.heldout);
      break;
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
  // A cached run took no training time here, nor will its repeats.
  progress.RunFinished(index, record.cached ? 0 : record.train.seconds,
                       record.eval_seconds);
  return record;
}

}  // namespace nce2vec
