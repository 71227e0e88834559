// `nce2vec train` as one of several processes started by mpirun (training
// across machines, src/distributed/). Rank 0 prints and writes every output
// and checkpoint; every process trains its shards and merges its copy of
// the model with the others'. Every step where the processes must act
// together begins by agreeing on how the previous one went, so a failure on
// any process stops all of them, with the same exit code, and rank 0 alone
// reports it (naming the rank).
//
// In a run of one process (no mpirun) every member does what `train` did
// alone: nothing is exchanged, nothing agreed, and stderr is the log.
#ifndef NCE2VEC_TOOLS_TRAIN_PROCESSES_H_
#define NCE2VEC_TOOLS_TRAIN_PROCESSES_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/distributed/communicator.h"
#include "src/distributed/model_sync.h"
#include "src/model/embedding_model.h"
#include "src/trainer/checkpoint.h"
#include "src/trainer/trainer.h"
#include "src/util/json.h"
#include "src/vocab/vocab.h"
#include "tools/command.h"

ABSL_DECLARE_FLAG(double, sync_seconds);
ABSL_DECLARE_FLAG(int64_t, sync_rows);
ABSL_DECLARE_FLAG(bool, sync_average);

namespace nce2vec {

// --sync_seconds, --sync_rows, --sync_average.
const FlagGroup& ProcessFlags();

class TrainProcesses {
 public:
  // Joins the run's processes (src/distributed/world.h) and reads the sync
  // flags.
  static absl::StatusOr<std::unique_ptr<TrainProcesses>> Join();
  ~TrainProcesses();
  TrainProcesses(const TrainProcesses&) = delete;
  TrainProcesses& operator=(const TrainProcesses&) = delete;

  // Checks --sync_seconds and --sync_rows (after Join, so that every
  // process agrees on the error and rank 0 alone prints it).
  absl::Status ValidateFlags() const;

  bool many() const { return comm_->size() > 1; }
  // Rank 0 writes the outputs and the checkpoints and prints.
  bool writes() const { return comm_->rank() == 0; }
  // Where messages go: stderr at rank 0, nowhere elsewhere.
  std::FILE* log() const { return log_; }

  // Agree (src/distributed/communicator.h): `mine`, agreed on by every
  // process.
  absl::Status Agree(const absl::Status& mine);
  // The command's result as this process ends with it: agreed by every
  // process, and at ranks other than 0 marked ReportedElsewhere.
  absl::Status Finish(absl::Status status);

  // Refuses a checkpoint written by a run of another number of processes.
  absl::Status CheckResume(const Checkpoint& ckpt,
                           const std::string& path) const;
  // The vocabulary of --read_vocab, else counted from `corpus` by every
  // process (src/distributed/shared_vocab.h); says which at rank 0.
  absl::StatusOr<Vocab> LoadOrBuildVocab(const Corpus& corpus);
  // Fail unless every process holds the same vocabulary, the same model.
  absl::Status CheckSameVocab(const Vocab& vocab);
  absl::Status CheckSameModel(const EmbeddingModel& model);

  // What merging the processes' models adds to a run's memory (0 for one
  // process).
  uint64_t MergingBytes(const TrainConfig& config, const Vocab& vocab,
                        bool output_bias) const;
  // Hooks printing progress at rank 0, for a run of `config` whose model is
  // `model`, with the companion that merges it in a run of many.
  absl::StatusOr<TrainHooks> Hooks(const TrainConfig& config,
                                   const Vocab& vocab, EmbeddingModel& model);
  // A stopped run's state with every process's workers, at rank 0.
  absl::Status GatherState(const TrainConfig& config, TrainState& state);

  // The runs's processes and what the syncs cost, in a run of many: a
  // line for the log and fields for --report_json.
  std::string SyncSummary() const;
  void AddToReport(JsonObject& report) const;

 private:
  TrainProcesses(std::unique_ptr<Communicator> comm, SyncOptions options,
                 std::FILE* log);

  std::unique_ptr<Communicator> comm_;
  const SyncOptions options_;
  std::FILE* const log_;
  std::unique_ptr<ModelSync> sync_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_TRAIN_PROCESSES_H_
