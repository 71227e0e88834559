// The Hogwild SGD training loop: skip-gram or CBOW over a corpus, with any
// objective of the registry.
#ifndef NCE2VEC_TRAINER_TRAINER_H_
#define NCE2VEC_TRAINER_TRAINER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "src/corpus/corpus.h"
#include "src/model/embedding_model.h"
#include "src/trainer/train_config.h"
#include "src/util/rng.h"
#include "src/vocab/vocab.h"

namespace nce2vec {

// A snapshot of a run, taken by a monitor thread (wall-clock figures).
struct TrainProgress {
  double seconds = 0;
  double fraction = 0;  // of epochs x vocabulary tokens
  int64_t words = 0;    // vocabulary tokens read so far (before subsampling)
  double words_per_sec_per_thread = 0;
  // Training across processes (TrainHooks::companion): how many, and the
  // words/s of all their threads together.
  int processes = 1;
  double words_per_sec = 0;
  double lr = 0;
  double loss = 0;  // mean loss per positive pair since the previous snapshot
  double eta_seconds = 0;
};

// Where one cursor of a worker stands (TrainConfig::in_batch_cursors > 1 for
// an objective with in-batch negatives): cursor c of thread t reads part
// t * cursors + c of the corpus cut into threads * cursors parts, with its
// own random stream for subsampling and windows.
struct CursorState {
  int64_t sentences = 0;  // sentences of its part finished this epoch
  // position == 0: the stream as it stands. position > 0: the stream as it
  // stood before reading the current sentence, whose first `position`
  // centre words are done; resuming re-reads the sentence from there.
  Rng rng{0};
  int32_t position = 0;
  bool done = false;  // its part is read to the end this epoch
};

// Where one worker stands, enough to continue its shard exactly: with one
// thread, a run stopped and resumed from this state is bit-identical to one
// that never stopped. The worker trains with this struct as its own state,
// updating it in place; checkpoint.cc stores it field by field.
struct WorkerState {
  int32_t epoch = 0;      // epochs finished
  int64_t sentences = 0;  // sentences of the current epoch read
  Rng rng{0};             // subsampling, windows and noise draws
  float lr = 0;           // as last read at a publish point
  int64_t unpublished_words = 0;
  int64_t published_words = 0;
  double loss = 0;  // cumulative over the run
  int64_t pairs = 0;
  bool finished = false;
  // Spread batches only (see CursorState): its cursors, and the one that
  // gives the next centre word.
  std::vector<CursorState> cursors;
  int32_t next_cursor = 0;
};

// A point of the loss curve: the workers' counters summed at one moment.
struct CurvePoint {
  double seconds = 0;
  int64_t words = 0;
  double loss = 0;
  int64_t pairs = 0;
};

// The trainer's state between a stop and a resume (see checkpoint.h).
struct TrainState {
  std::vector<WorkerState> workers;  // empty: start from the beginning
  std::vector<CurvePoint> curve;
  double seconds = 0;  // training time before the stop
  // The corpus's size when the run started: a resume on a changed corpus
  // would read other sentences than it skips.
  uint64_t corpus_bytes = 0;
};

struct TrainResult {
  // Stopped by TrainHooks before the end; the state says where.
  bool stopped = false;
  double seconds = 0;
  int64_t words = 0;
  double words_per_sec_per_thread = 0;  // by wall clock
  double final_loss = 0;                // mean over the last 5% of the run
  double mean_loss = 0;                 // mean over the whole run
  // At least 100 points, evenly spaced in progress.
  std::vector<TrainProgress> loss_curve;
  // Objectives with in-batch negatives, over a sample of this call's batches
  // (one in kFalseNegativeSampling): the negatives (row, column) counted,
  // and how many of them are false, i.e. the column's word lies within the
  // full window of the row's centre word in the (subsampled) text, a true
  // context that the row's shrunk window left out. 0 and 0 otherwise.
  int64_t in_batch_negatives = 0;
  int64_t false_negatives = 0;
};

class TrainCompanion;

struct TrainHooks {
  // Called from the monitor thread about every `interval_seconds`, and once
  // at the end with final = true.
  std::function<void(const TrainProgress&, bool final)> progress;
  double interval_seconds = 1.0;
  // Polled at the workers' publish points (every ~10k words); once true,
  // every worker stops at its next point with an empty batch. Set by a
  // signal handler or a timer.
  const std::atomic<bool>* stop = nullptr;
  // Stop (as above) once this many words were read in all; 0: never. For
  // tests, and for --checkpoint_every.
  int64_t stop_after_words = 0;
  double stop_after_seconds = 0;  // of this call; 0: never
  // Training across processes (src/distributed/): with a companion, this
  // process is one of several training the run together. Not owned.
  TrainCompanion* companion = nullptr;
};

// What a TrainCompanion sees of the run and may do to it. Thread-safe.
class TrainControl {
 public:
  virtual ~TrainControl() = default;
  // Vocabulary tokens this process's workers have read (as published).
  virtual int64_t LocalWords() const = 0;
  // The other processes' words as last learnt, added to this process's
  // for the learning rate, progress and TrainHooks::stop_after_words.
  virtual void SetRemoteWords(int64_t words) = 0;
  // Whether the hooks ask to stop (signal, word count, time). With a
  // companion the workers stop only when it calls StopWorkers(), so that
  // every process stops at the same point of the run.
  virtual bool HooksAskToStop() const = 0;
  // The workers stop at their next publish point with an empty batch; the
  // run then ends stopped, as TrainHooks::stop makes it.
  virtual void StopWorkers() = 0;
  // The workers stop at once: the run fails (the companion returns why).
  virtual void AbortWorkers() = 0;
  // Every worker has returned: finished, stopped or failed.
  virtual bool WorkersDone() const = 0;
  // The first worker error, or OK.
  virtual absl::Status WorkerFailure() const = 0;
  // Sleeps up to `seconds`, waking early once the workers are done.
  virtual void WaitForWorkers(double seconds) = 0;
};

// Trains one run with other processes: each process has its own copy of
// the model and trains its own workers' shards, and its companion keeps
// the copies together (merging them with the other processes' while the
// workers train). Train() runs Run() on a thread of its own.
class TrainCompanion {
 public:
  virtual ~TrainCompanion() = default;
  // This process trains workers [first_worker(), first_worker() +
  // TrainConfig::threads) of total_workers() over all processes: worker w
  // reads shard w of total_workers() and draws from random stream w.
  virtual int first_worker() const = 0;
  virtual int total_workers() const = 0;
  // Runs beside the workers and returns once done with the model, after
  // they are done; Train() returns when it has. An error fails the run.
  virtual absl::Status Run(TrainControl& control) = 0;
};

// A new model for a run of `config` on `vocab`, initialised (see
// embedding_model.h): one input row per word, the objective's output rows
// (registry.h), output biases if `bias`.
absl::StatusOr<EmbeddingModel> NewModel(const TrainConfig& config,
                                        const Vocab& vocab, bool bias);

// Trains `model` (already initialised, sized to `vocab`) in place, with
// config.threads threads of its own, each on its shard of `corpus`, whatever
// OpenMP's settings; OpenBLAS runs single-threaded meanwhile and gets its
// thread count back on return.
// Fails on an invalid config, an unreadable shard or divergence (a NaN or
// infinite loss, a sampled norm above config.max_norm, collapsed vectors:
// see divergence_guard.h), in which case the model must not be written out.
//
// With `state`: a non-empty state (from a stopped run with the same config,
// vocabulary and corpus) continues that run, and a run that stops fills
// it in. A resumed worker re-reads its shard up to where it stopped
// (tokenising only: seconds per GB). With a companion the state holds every
// process's workers (total_workers()); this process resumes and fills in
// its own and leaves the others as they are.
absl::StatusOr<TrainResult> Train(const TrainConfig& config,
                                  const Corpus& corpus, const Vocab& vocab,
                                  EmbeddingModel& model,
                                  const TrainHooks& hooks = {},
                                  TrainState* state = nullptr);

}  // namespace nce2vec

#endif  // NCE2VEC_TRAINER_TRAINER_H_
