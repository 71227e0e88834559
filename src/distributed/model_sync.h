// The companion of a run trained by several processes (TrainCompanion,
// src/trainer/trainer.h): a thread beside the workers that keeps the
// processes' copies of the model together, as pWord2Vec (Ji et al. 2016)
// does, without pausing the workers.
//
// Every SyncOptions::sync_seconds the processes exchange a few numbers
// (words read, done, asked to stop, failed) and then merge the rows the
// schedule names (sync_schedule.h; how they merge: model_merger.h), all
// of them when the run's word count has passed another epoch's worth of
// words (the n-gram rows of a subword model only then), and every output
// row each time for an objective that updates them all (the full softmax).
// The learning rate follows the words read by all processes as of the last
// sync.
//
// Stopping: when any process's hooks ask to stop (a signal, a timer), every
// process's workers stop at their next publish point; once all have, the
// model is merged whole, so every process holds the same model and rank 0
// can write it. The run's end is the same: the last sync, once every
// process's workers are done, merges every row.
//
// Failure: a worker's error on any process stops every process's workers at
// once, and Run() returns the same error on each (Agree, communicator.h).
#ifndef NCE2VEC_DISTRIBUTED_MODEL_SYNC_H_
#define NCE2VEC_DISTRIBUTED_MODEL_SYNC_H_

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/distributed/communicator.h"
#include "src/distributed/model_merger.h"
#include "src/distributed/sync_schedule.h"
#include "src/model/embedding_model.h"
#include "src/trainer/trainer.h"

namespace nce2vec {

// What the syncs cost this process.
struct SyncStats {
  int64_t syncs = 0;       // merges, the full ones included
  int64_t full_syncs = 0;  // of every row
  double seconds = 0;      // wall time exchanging and merging
  // Of which waiting for the other processes to join the exchange.
  double wait_seconds = 0;
  uint64_t floats = 0;  // put into sums by this process (4 bytes each)
};

class ModelSync : public TrainCompanion {
 public:
  // `threads`: each process's TrainConfig::threads; `epoch_words`: the
  // vocabulary tokens of one pass over the whole corpus; `dense_output`:
  // whether the objective updates every output row at every step.
  // `comm` and `model` must outlive it. REQUIRES: `model` is the same on
  // every process (the base of the merges, see model_merger.h).
  static absl::StatusOr<std::unique_ptr<ModelSync>> Create(
      Communicator& comm, EmbeddingModel& model, int threads,
      const SyncOptions& options, int64_t epoch_words, bool dense_output);

  int first_worker() const override { return comm_.rank() * threads_; }
  int total_workers() const override { return comm_.size() * threads_; }
  absl::Status Run(TrainControl& control) override;

  // REQUIRES: Run() returned.
  const SyncStats& stats() const { return stats_; }

 private:
  ModelSync(Communicator& comm, int threads, const SyncOptions& options,
            int64_t epoch_words, bool dense_output, ModelMerger merger,
            const EmbeddingModel& model);

  // One exchange and, unless stopping, one merge. Sets *finished once the
  // run is over (done or stopped) and the model merged whole.
  absl::Status Round(TrainControl& control, bool* finished);
  absl::Status Merge(int64_t input_rows, int64_t output_rows);

  Communicator& comm_;
  const int threads_;
  const SyncOptions options_;
  const int64_t epoch_words_;
  const bool dense_output_;
  ModelMerger merger_;
  // The schedule runs over the words' rows, by frequency; a full merge takes
  // every row of both matrices: the n-gram rows after the words' input rows
  // (subwords), and output rows that are not one per word (hs's inner
  // nodes, numbered from the root, so that the schedule's first rows are
  // still the most updated).
  const int64_t vocab_size_;
  const int64_t input_rows_;
  const int64_t output_rows_;
  SyncStats stats_;
  uint64_t scheduled_ = 0;      // scheduled syncs so far
  int64_t epochs_synced_ = -1;  // -1: not yet learnt from the word count
  bool stopping_ = false;
};

}  // namespace nce2vec

#endif  // NCE2VEC_DISTRIBUTED_MODEL_SYNC_H_
