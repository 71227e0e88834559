#include "src/bench/bench_progress.h"

#include <unistd.h>

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/trainer/progress_printer.h"

namespace nce2vec {
namespace {

double Work(const PlannedRun& run) {
  const TrainConfig& c = run.config;
  const double per_word = run.sampled ? c.objective_options.negatives + 2 : 1;
  return static_cast<double>(c.epochs) * c.dim * c.window * per_word;
}

// Whether `reference`'s length says something about `run`'s.
bool Comparable(const PlannedRun& run, const PlannedRun& reference) {
  if (run.config.objective == reference.config.objective) return true;
  return run.sampled && reference.sampled;
}

}  // namespace

std::string FormatSeconds(double seconds) {
  const int64_t s = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
  if (s >= 3600) return absl::StrFormat("%dh%02dm", s / 3600, s % 3600 / 60);
  if (s >= 60) return absl::StrFormat("%dm%02ds", s / 60, s % 60);
  return absl::StrFormat("%ds", s);
}

BenchProgress::BenchProgress(std::vector<PlannedRun> runs, std::FILE* out,
                             double interval_seconds)
    : runs_(std::move(runs)),
      train_seconds_(runs_.size(), -1.0),
      out_(out),
      terminal_(isatty(fileno(out)) != 0),
      interval_seconds_(interval_seconds) {}

std::string BenchProgress::RunTitle(int index) const {
  const PlannedRun& run = runs_[index];
  std::string title =
      absl::StrCat("run ", index + 1, "/", runs_.size(), "  ", run.label);
  if (run.swept) {
    absl::StrAppend(&title, " (sweep point ", run.sweep_index + 1, "/",
                    run.sweep_points, ")");
  }
  return title;
}

BenchProgress::Estimate BenchProgress::Remaining(
    int index, const TrainProgress& progress) const {
  // Lengths known so far: finished runs, and the current one projected.
  std::vector<double> length = train_seconds_;
  if (progress.fraction >= 0.01) {
    length[index] = progress.seconds + progress.eta_seconds;
  }
  Estimate estimate;
  estimate.seconds = progress.eta_seconds;
  const double eval_each = finished_ > 0 ? eval_seconds_total_ / finished_ : 0;
  estimate.seconds += eval_each;
  if (progress.fraction < 0.01) estimate.lower_bound = true;
  for (size_t i = index + 1; i < runs_.size(); ++i) {
    // The most recent comparable run of the same objective, else any
    // comparable one.
    int reference = -1;
    for (int j = static_cast<int>(length.size()) - 1; j >= 0; --j) {
      if (length[j] < 0 || !Comparable(runs_[i], runs_[j])) continue;
      const bool same = runs_[j].config.objective == runs_[i].config.objective;
      if (reference < 0 || (same && runs_[reference].config.objective !=
                                        runs_[i].config.objective)) {
        reference = j;
      }
    }
    if (reference < 0) {
      estimate.lower_bound = true;
      continue;
    }
    estimate.seconds +=
        length[reference] * Work(runs_[i]) / Work(runs_[reference]) + eval_each;
  }
  return estimate;
}

TrainHooks BenchProgress::RunHooks(int index) {
  TrainHooks hooks;
  hooks.interval_seconds = terminal_ ? 1.0 : interval_seconds_;
  hooks.progress = [this, index](const TrainProgress& p, bool final) {
    const Estimate left = Remaining(index, p);
    const std::string line = absl::StrCat(
        RunTitle(index), "  ", FormatProgress(p), "  | bench ETA ",
        left.lower_bound ? ">= " : "", FormatSeconds(left.seconds));
    if (terminal_) {
      absl::FPrintF(out_, "\r\033[K%s%s", line, final ? "\n" : "");
    } else {
      absl::FPrintF(out_, "%s\n", line);
    }
    std::fflush(out_);
  };
  return hooks;
}

void BenchProgress::RunFinished(int index, double train_seconds,
                                double eval_seconds) {
  train_seconds_[index] = train_seconds;
  eval_seconds_total_ += eval_seconds;
  ++finished_;
}

}  // namespace nce2vec
