// Progress over a whole bench, on stderr: which run of how many, which sweep
// point, the run's own progress line, and an ETA for the rest of the bench.
//
// The ETA prices each run still to come from the measured length of a
// similar one (finished, or the current run's projected total), scaled by
// epochs x dim x window, times k + 2 for objectives that draw k noise words
// (the positive and the per-word overhead make the 2). Runs of an objective
// without noise words are priced only from runs of the same objective. A run
// with no similar one yet is left out and the ETA is shown as a lower bound
// (">=").
#ifndef NCE2VEC_BENCH_BENCH_PROGRESS_H_
#define NCE2VEC_BENCH_BENCH_PROGRESS_H_

#include <cstdio>
#include <string>
#include <vector>

#include "src/bench/bench_plan.h"
#include "src/trainer/trainer.h"

namespace nce2vec {

class BenchProgress {
 public:
  // On a terminal the line is redrawn every second; otherwise a line is
  // printed every `interval_seconds`.
  BenchProgress(std::vector<PlannedRun> runs, std::FILE* out,
                double interval_seconds = 10.0);

  // Hooks for training run `index`.
  TrainHooks RunHooks(int index);
  // Run `index` trained for `train_seconds` and was scored in
  // `eval_seconds`.
  void RunFinished(int index, double train_seconds, double eval_seconds);

  struct Estimate {
    double seconds = 0;        // for the runs from `index` on
    bool lower_bound = false;  // some run had nothing to be priced from
  };
  // The time left when run `index` is at `progress`.
  Estimate Remaining(int index, const TrainProgress& progress) const;

  // "run 3/13  nce negatives=5 (sweep point 2/4)".
  std::string RunTitle(int index) const;

 private:
  std::vector<PlannedRun> runs_;
  std::vector<double> train_seconds_;  // < 0 until the run finished
  double eval_seconds_total_ = 0;
  int finished_ = 0;
  std::FILE* out_;
  bool terminal_;
  double interval_seconds_;
};

// "1h05m", "3m07s", "42s".
std::string FormatSeconds(double seconds);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_BENCH_PROGRESS_H_
