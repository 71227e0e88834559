// Which models a bench trains: every objective of a list with the same
// settings, and for a sweep one model per value of the swept setting.
// Messages name the two settings parsed here BenchPlan::objectives and
// BenchPlan::sweep (the command line words them as its flags).
#ifndef NCE2VEC_BENCH_BENCH_PLAN_H_
#define NCE2VEC_BENCH_BENCH_PLAN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/trainer/train_config.h"

namespace nce2vec {

// "negatives=1,5,25,100": one training flag and the values it takes.
struct Sweep {
  std::string flag;  // empty: no sweep
  std::vector<double> values;
  // Whether the flag only means something to objectives that draw noise
  // words (negatives, noise_power); the others then train once.
  bool sampled_only = false;

  bool empty() const { return flag.empty(); }
};

// The flags --sweep accepts, for messages: "negatives, noise_power, ...".
std::string SweepableFlags();

// Parses --sweep. Errors say what is wrong and quote the text: a missing
// "=", an unknown flag, an empty or repeated value, a value that is not a
// number (or not an integer, for an integer flag). The values' ranges are
// checked by PlanRuns.
absl::StatusOr<Sweep> ParseSweep(absl::string_view text);

// Parses --objectives: comma-separated names from the objective registry,
// each once, at least one.
absl::StatusOr<std::vector<std::string>> ParseObjectiveList(
    absl::string_view text);

struct PlannedRun {
  TrainConfig config;
  bool sampled = false;  // the objective draws noise words
  bool swept = false;    // config holds one of the sweep's values
  double sweep_value = 0;
  int sweep_index = 0;   // among this objective's runs, from 0
  int sweep_points = 1;  // this objective's runs
  // "nce negatives=25", "softmax".
  std::string label;
};

// One run per objective, or per objective and sweep value, in the order of
// `objectives` then of the values, each a copy of `base` with its objective
// (and the swept flag) set. Unless `lr_given`, each objective takes its own
// DefaultLearningRate, as `nce2vec train` would give it. Fails before any
// training when a swept value is out of its flag's range (the message names
// --sweep and the flag) or when the sweep is for sampled objectives and there
// is none.
absl::StatusOr<std::vector<PlannedRun>> PlanRuns(
    const TrainConfig& base, const std::vector<std::string>& objectives,
    const Sweep& sweep, bool lr_given);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_BENCH_PLAN_H_
