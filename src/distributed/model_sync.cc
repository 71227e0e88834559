#include "src/distributed/model_sync.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What each process tells the others at every sync.
enum HeaderField { kWords, kDone, kAskStop, kFailed, kHeaderFields };

}  // namespace

absl::StatusOr<std::unique_ptr<ModelSync>> ModelSync::Create(
    Communicator& comm, EmbeddingModel& model, int threads,
    const SyncOptions& options, int64_t epoch_words, bool dense_output) {
  ASSIGN_OR_RETURN(ModelMerger merger,
                   ModelMerger::Create(comm, model, options.sync_average));
  return std::unique_ptr<ModelSync>(new ModelSync(comm, threads, options,
                                                  epoch_words, dense_output,
                                                  std::move(merger), model));
}

ModelSync::ModelSync(Communicator& comm, int threads,
                     const SyncOptions& options, int64_t epoch_words,
                     bool dense_output, ModelMerger merger,
                     const EmbeddingModel& model)
    : comm_(comm),
      threads_(threads),
      options_(options),
      epoch_words_(epoch_words),
      dense_output_(dense_output),
      merger_(std::move(merger)),
      vocab_size_(model.vocab_size()),
      input_rows_(model.input.rows()),
      output_rows_(model.output.rows()) {}

absl::Status ModelSync::Run(TrainControl& control) {
  // A run stopped for a periodic checkpoint goes on with the same companion.
  stopping_ = false;
  epochs_synced_ = -1;
  // A process that failed before training began (Train's own checks) is
  // waiting in Agree for the others: they learn of it here.
  if (absl::Status agreed = Agree(comm_, absl::OkStatus()); !agreed.ok()) {
    control.AbortWorkers();
    return agreed;
  }
  bool waited_for_workers = false;
  while (true) {
    // Once this process's workers are done, the others set the pace: it
    // sleeps out each period rather than wait for them inside MPI, which
    // polls a core.
    if (!waited_for_workers) {
      control.WaitForWorkers(options_.sync_seconds);
      waited_for_workers = control.WorkersDone();
    } else {
      std::this_thread::sleep_for(
          std::chrono::duration<double>(options_.sync_seconds));
    }
    bool finished = false;
    absl::Status status = Round(control, &finished);
    if (!status.ok()) {
      control.AbortWorkers();
      return status;
    }
    if (finished) return absl::OkStatus();
  }
}

absl::Status ModelSync::Round(TrainControl& control, bool* finished) {
  const Clock::time_point start = Clock::now();
  const absl::Status failure = control.WorkerFailure();
  int64_t header[kHeaderFields];
  header[kWords] = control.LocalWords();
  header[kDone] = control.WorkersDone();
  header[kAskStop] = control.HooksAskToStop();
  header[kFailed] = !failure.ok();
  std::vector<int64_t> all;
  RETURN_IF_ERROR(comm_.AllGather(header, all));
  stats_.wait_seconds += SecondsSince(start);
  int64_t words = 0;
  bool done = true, stop = false, failed = false;
  for (int r = 0; r < comm_.size(); ++r) {
    const int64_t* theirs = &all[r * kHeaderFields];
    words += theirs[kWords];
    done = done && theirs[kDone];
    stop = stop || theirs[kAskStop];
    failed = failed || theirs[kFailed];
  }
  if (failed) {
    control.AbortWorkers();
    const absl::Status agreed = Agree(comm_, failure);
    stats_.seconds += SecondsSince(start);
    return agreed;
  }
  control.SetRemoteWords(words - header[kWords]);
  if (epochs_synced_ < 0) epochs_synced_ = words / epoch_words_;
  if (done) {
    // Nobody trains any more: the merge is exact, the same everywhere.
    RETURN_IF_ERROR(Merge(input_rows_, output_rows_));
    ++stats_.full_syncs;
    *finished = true;
  } else if (stop || stopping_) {
    if (!stopping_) control.StopWorkers();
    stopping_ = true;
  } else {
    // The schedule's rows are words'; the n-gram rows, as many as 2M, go
    // only with the merges of every row.
    const int64_t rows =
        ScheduledRows(++scheduled_, options_.sync_rows, vocab_size_);
    int64_t input_rows = rows;
    int64_t output_rows = dense_output_ || rows == vocab_size_
                              ? output_rows_
                              : std::min(rows, output_rows_);
    if (words / epoch_words_ > epochs_synced_) {
      epochs_synced_ = words / epoch_words_;
      input_rows = input_rows_;
      output_rows = output_rows_;
    }
    if (input_rows == input_rows_ && output_rows == output_rows_) {
      ++stats_.full_syncs;
    }
    RETURN_IF_ERROR(Merge(input_rows, output_rows));
  }
  stats_.seconds += SecondsSince(start);
  return absl::OkStatus();
}

absl::Status ModelSync::Merge(int64_t input_rows, int64_t output_rows) {
  RETURN_IF_ERROR(merger_.Merge(input_rows, output_rows));
  ++stats_.syncs;
  stats_.floats = merger_.floats();
  return absl::OkStatus();
}

}  // namespace nce2vec
