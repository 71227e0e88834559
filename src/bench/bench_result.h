// What a bench measured: per run and for the bench as a whole. Plain data,
// filled by the runner and read by the report and plot writers.
#ifndef NCE2VEC_BENCH_BENCH_RESULT_H_
#define NCE2VEC_BENCH_BENCH_RESULT_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "src/bench/bench_plan.h"
#include "src/bench/heldout.h"
#include "src/bench/peak_memory.h"
#include "src/bench/quality.h"
#include "src/trainer/trainer.h"

namespace nce2vec {

struct RunRecord {
  PlannedRun plan;
  bool output_bias = false;
  // Its loss_curve keeps only the points where training advanced: the
  // trainer's monitor may emit several points from one reading of the
  // workers' counters (on a short run, where one count update spans several
  // percent), and the repeats carry no pairs, hence a loss of 0.
  TrainResult train;
  // Over the training only (the held-out and quality scoring come after).
  PeakMemory peak;
  HeldoutResult heldout;
  QualityResult quality;
  // Held-out likelihood and quality scoring together.
  double eval_seconds = 0;
  // Objectives with in-batch negatives: the share of a sample of their
  // in-batch negatives that are true contexts of their row (see
  // TrainResult::false_negatives); NaN for the others.
  double false_negative_rate = std::numeric_limits<double>::quiet_NaN();
  // Trained earlier and taken from the reference cache: its training
  // figures (seconds, speed, memory, loss) are the original run's.
  bool cached = false;
  // The seeds it ran with: one, or with --repeats one per repeat, when every
  // figure of RepeatedFigures() is the mean over the seeds and `spread`
  // holds their sample standard deviations in the same order (empty for one
  // seed).
  std::vector<uint64_t> seeds;
  std::vector<double> spread;
  // Why training stopped before its end (the divergence guard's message),
  // or "" when it completed. A failed run keeps only train.seconds, the time
  // until the failure; its held-out and quality figures are NaN.
  std::string failure;
};

struct InputFile {
  std::string path;
  uint64_t bytes = 0;
  std::string sha256;
};

struct BenchReport {
  std::string command_line;
  std::string version;  // nce2vec's
  // Compiler, BLAS and Abseil the binary was built with.
  std::string build;
  std::string started_utc;  // ISO 8601
  uint64_t seed = 0;
  int threads = 0;
  std::string model;  // skipgram or cbow
  std::vector<InputFile> train_files;
  std::vector<InputFile> heldout_files;
  int32_t vocab_size = 0;
  int64_t train_tokens = 0;  // vocabulary tokens per epoch
  int heldout_window = 0;
  int64_t heldout_tokens = 0;
  int64_t heldout_oov_tokens = 0;
  int64_t heldout_pairs = 0;
  int64_t heldout_oov_pairs = 0;
  Sweep sweep;
  std::string eval_dir;  // "" when quality is not scored
  // What was skipped or approximated, for the reader of the results.
  std::vector<std::string> notes;
  double total_seconds = 0;
  std::vector<RunRecord> runs;
};

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_BENCH_RESULT_H_
