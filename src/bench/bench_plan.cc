#include "src/bench/bench_plan.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

struct SweepableFlag {
  absl::string_view name;
  bool integer;
  bool sampled_only;
  void (*set)(TrainConfig& config, double value);
};

const std::vector<SweepableFlag>& SweepableFlagList() {
  static const auto* flags = new std::vector<SweepableFlag>{
      {"negatives", true, true,
       [](TrainConfig& c, double v) {
         c.objective_options.negatives = static_cast<int>(v);
       }},
      {"noise_power", false, true,
       [](TrainConfig& c, double v) { c.noise_power = v; }},
      {"dim", true, false,
       [](TrainConfig& c, double v) { c.dim = static_cast<int>(v); }},
      {"window", true, false,
       [](TrainConfig& c, double v) { c.window = static_cast<int>(v); }},
      {"epochs", true, false,
       [](TrainConfig& c, double v) { c.epochs = static_cast<int>(v); }},
      {"lr", false, false, [](TrainConfig& c, double v) { c.lr = v; }},
      {"sample", false, false, [](TrainConfig& c, double v) { c.sample = v; }},
      // maxn=0,6 compares every objective without and with n-grams.
      {"maxn", true, false,
       [](TrainConfig& c, double v) { c.subwords.maxn = static_cast<int>(v); }},
  };
  return *flags;
}

const SweepableFlag* FindSweepable(absl::string_view name) {
  for (const SweepableFlag& flag : SweepableFlagList()) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

absl::Status SweepError(absl::string_view text, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("BenchPlan::sweep '", text, "': ", problem,
                   "; expected NAME=V1,V2,... with NAME one of ",
                   SweepableFlags(), " (e.g. negatives=1,5,25,100)"));
}

}  // namespace

std::string SweepableFlags() {
  return absl::StrJoin(SweepableFlagList(), ", ",
                       [](std::string* out, const SweepableFlag& flag) {
                         absl::StrAppend(out, flag.name);
                       });
}

absl::StatusOr<Sweep> ParseSweep(absl::string_view text) {
  Sweep sweep;
  if (text.empty()) return sweep;
  const size_t eq = text.find('=');
  if (eq == absl::string_view::npos) return SweepError(text, "no '='");
  const absl::string_view name = text.substr(0, eq);
  const SweepableFlag* flag = FindSweepable(name);
  if (flag == nullptr) {
    return SweepError(text, absl::StrCat("'", name, "' cannot be swept"));
  }
  sweep.flag = std::string(name);
  sweep.sampled_only = flag->sampled_only;
  for (absl::string_view item : absl::StrSplit(text.substr(eq + 1), ',')) {
    double value;
    if (item.empty()) return SweepError(text, "an empty value");
    if (!absl::SimpleAtod(item, &value) || !std::isfinite(value)) {
      return SweepError(text, absl::StrCat("'", item, "' is not a number"));
    }
    if (flag->integer &&
        (value != std::floor(value) || std::fabs(value) > 1e9)) {
      return SweepError(
          text, absl::StrCat(name, " takes integers, got '", item, "'"));
    }
    for (double seen : sweep.values) {
      if (seen == value) {
        return SweepError(text, absl::StrCat("'", item, "' appears twice"));
      }
    }
    sweep.values.push_back(value);
  }
  return sweep;
}

absl::StatusOr<std::vector<std::string>> ParseObjectiveList(
    absl::string_view text) {
  std::vector<std::string> names;
  for (absl::string_view name : absl::StrSplit(text, ',')) {
    if (name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("BenchPlan::objectives '", text,
                       "': an empty name; expected a comma-separated list of ",
                       ObjectiveNames()));
    }
    if (FindObjective(name) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("BenchPlan::objectives: unknown objective '", name,
                       "'; known: ", ObjectiveNames()));
    }
    for (const std::string& seen : names) {
      if (seen == name) {
        return absl::InvalidArgumentError(
            absl::StrCat("BenchPlan::objectives: '", name, "' appears twice"));
      }
    }
    names.emplace_back(name);
  }
  return names;
}

absl::StatusOr<std::vector<PlannedRun>> PlanRuns(
    const TrainConfig& base, const std::vector<std::string>& objectives,
    const Sweep& sweep, bool lr_given) {
  const SweepableFlag* flag =
      sweep.empty() ? nullptr : FindSweepable(sweep.flag);
  if (!sweep.empty() && flag == nullptr) {
    return SweepError(sweep.flag, "unknown flag");
  }
  std::vector<PlannedRun> runs;
  bool any_swept = false;
  for (const std::string& objective : objectives) {
    const ObjectiveInfo* info = FindObjective(objective);
    if (info == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown objective '", objective, "'"));
    }
    PlannedRun run;
    run.config = base;
    run.config.objective = objective;
    if (!lr_given) {
      run.config.lr = DefaultLearningRate(run.config.model, objective);
    }
    run.sampled = info->sampled;
    run.label = objective;
    const bool swept =
        flag != nullptr && (info->sampled || !flag->sampled_only);
    if (!swept) {
      runs.push_back(run);
      continue;
    }
    any_swept = true;
    for (size_t i = 0; i < sweep.values.size(); ++i) {
      PlannedRun point = run;
      flag->set(point.config, sweep.values[i]);
      if (absl::Status s = point.config.Validate(); !s.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("BenchPlan::sweep ", sweep.flag, "=", sweep.values[i],
                         ": ", s.message()));
      }
      point.swept = true;
      point.sweep_value = sweep.values[i];
      point.sweep_index = static_cast<int>(i);
      point.sweep_points = static_cast<int>(sweep.values.size());
      point.label =
          absl::StrCat(objective, " ", sweep.flag, "=", sweep.values[i]);
      runs.push_back(point);
    }
  }
  if (flag != nullptr && !any_swept) {
    return absl::InvalidArgumentError(
        absl::StrCat("BenchPlan::sweep ", sweep.flag,
                     " applies only to objectives that draw noise words, and "
                     "BenchPlan::objectives has none"));
  }
  return runs;
}

}  // namespace nce2vec
