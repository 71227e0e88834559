#include "src/bench/bench_runner.h"

#include <chrono>
#include <utility>
#include <vector>

#include "src/model/embedding_model.h"
#include "src/model/vectors_io.h"
#include "src/trainer/trainer.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

void DropRepeatedPoints(std::vector<TrainProgress>& curve) {
  std::vector<TrainProgress> kept;
  for (const TrainProgress& p : curve) {
    if (kept.empty() || p.words > kept.back().words) kept.push_back(p);
  }
  curve = std::move(kept);
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
  ASSIGN_OR_RETURN(EmbeddingModel model,
                   EmbeddingModel::Create(inputs.vocab.counts(), config.dim,
                                          output_bias, config.seed));
  ASSIGN_OR_RETURN(record.train, Train(config, inputs.corpus, inputs.vocab,
                                       model, progress.RunHooks(index)));
  record.peak = meter.Read();
  DropRepeatedPoints(record.train.loss_curve);

  const auto eval_start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(record.heldout,
                   EvaluateHeldout(inputs.heldout, model, config.threads));
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
