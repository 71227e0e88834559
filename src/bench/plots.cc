#include "src/bench/plots.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/bench/repeats.h"
#include "src/objectives/registry.h"
#include "src/util/atomic_file.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// The objectives in the order they first ran.
std::vector<std::string> ObjectivesOf(const BenchReport& report) {
  std::vector<std::string> names;
  for (const RunRecord& run : report.runs) {
    const std::string& name = run.plan.config.objective;
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  return names;
}

std::vector<const RunRecord*> RunsOf(const BenchReport& report,
                                     const std::string& objective) {
  std::vector<const RunRecord*> runs;
  for (const RunRecord& run : report.runs) {
    if (run.plan.config.objective == objective) runs.push_back(&run);
  }
  return runs;
}

// A figure's standard deviation over the run's seeds; 0 for one seed.
double Spread(const RunRecord& run, absl::string_view key) {
  const int figure = RepeatedFigureIndex(key);
  return run.spread.empty() || figure < 0 ? 0 : run.spread[figure];
}

// The same colour for an objective in every figure: its registry entry's.
std::string ObjectiveColor(const std::string& objective) {
  const ObjectiveInfo* info = FindObjective(objective);
  return info != nullptr ? std::string(info->plot_color) : "#000000";
}

// "k=25" for a sweep over negatives, "dim=50" for others.
std::string PointLabel(const RunRecord& run, const Sweep& sweep) {
  if (!run.plan.swept) return run.plan.sampled ? "" : run.plan.label;
  const std::string name = sweep.flag == "negatives" ? "k" : sweep.flag;
  return absl::StrCat(name, "=", run.plan.sweep_value);
}

// Whether values spread over enough of a range for a log axis to help.
bool WideRange(const std::vector<double>& values) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (v <= 0) return false;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return lo < hi && hi / lo >= 8;
}

NamedFigure LossFigure(const BenchReport& report) {
  NamedFigure out;
  out.file_name = "loss_vs_time.svg";
  out.figure.title = "Training loss against wall time";
  out.figure.subtitle =
      "each objective's own loss, so levels are not comparable across "
      "panels; mean per positive pair over each 1% of the run";
  for (const std::string& objective : ObjectivesOf(report)) {
    Chart chart;
    chart.title = objective;
    chart.x_label = "wall time (s)";
    chart.y_label = absl::StrCat(objective, " loss per pair (nats)");
    const std::vector<const RunRecord*> runs = RunsOf(report, objective);
    for (const RunRecord* run : runs) {
      Series s;
      s.style = Series::Style::kLine;
      s.label = run->plan.swept ? PointLabel(*run, report.sweep) : objective;
      if (runs.size() == 1) s.color = ObjectiveColor(objective);
      for (const TrainProgress& p : run->train.loss_curve) {
        s.x.push_back(p.seconds);
        s.y.push_back(p.loss);
      }
      chart.series.push_back(std::move(s));
    }
    out.figure.panels.push_back(std::move(chart));
  }
  out.figure.columns = out.figure.panels.size() > 1 ? 2 : 1;
  return out;
}

// When the reference lines (softmax) and the objectives near them would be
// squeezed together by far-off ones, a second panel shows them alone on a
// linear scale: the series within kCloseUpRatio of the worst reference.
std::optional<Chart> CloseUp(const Chart& chart) {
  constexpr double kCloseUpRatio = 1.5;
  double reference = -INFINITY;
  for (const Series& s : chart.series) {
    if (s.style == Series::Style::kHorizontal && !s.y.empty()) {
      reference = std::max(reference, s.y[0]);
    }
  }
  if (!std::isfinite(reference)) return std::nullopt;
  Chart close = chart;
  close.series.clear();
  size_t left_out = 0;
  for (const Series& s : chart.series) {
    const bool near = std::all_of(s.y.begin(), s.y.end(), [&](double y) {
      return !std::isfinite(y) || y <= kCloseUpRatio * reference;
    });
    if (near) {
      close.series.push_back(s);
    } else {
      ++left_out;
    }
  }
  if (left_out == 0 || close.series.size() < 2) return std::nullopt;
  close.title =
      absl::StrFormat("close-up: within %.1fx of the reference", kCloseUpRatio);
  close.log_y = false;
  close.y_label = "held-out perplexity (exact Z)";
  return close;
}

NamedFigure PerplexityFigure(const BenchReport& report) {
  const std::string flag =
      report.sweep.empty() ? "negatives" : report.sweep.flag;
  NamedFigure out;
  out.file_name = absl::StrCat("perplexity_vs_", flag, ".svg");
  Chart chart;
  const bool by_k = flag == "negatives";
  chart.title = by_k ? "Held-out perplexity against k"
                     : absl::StrCat("Held-out perplexity against ", flag);
  chart.x_label = by_k ? "noise words per positive pair, k" : flag;
  chart.y_label = "held-out perplexity (exact Z; lower is better)";
  std::vector<double> all_x, all_y;
  for (const std::string& objective : ObjectivesOf(report)) {
    const ObjectiveInfo* info = FindObjective(objective);
    if (info != nullptr && !HasLikelihood(info->scoring)) {
      continue;  // no p(w|h)
    }
    const std::vector<const RunRecord*> runs = RunsOf(report, objective);
    Series exact;
    exact.label = objective;
    exact.color = ObjectiveColor(objective);
    Series self_normalized = exact;
    self_normalized.label = absl::StrCat(objective, ", taking Z = 1");
    self_normalized.dashed = true;
    const bool on_x_axis =
        runs.front()->plan.swept || runs.front()->plan.sampled;
    if (!on_x_axis) {
      exact.style = Series::Style::kHorizontal;
      exact.label =
          absl::StrCat(objective, by_k ? " (has no k)" : " (not swept)");
      exact.dashed = true;
      exact.y.push_back(runs.front()->heldout.perplexity);
      exact.y_spread.push_back(Spread(*runs.front(), "heldout_perplexity"));
      all_y.push_back(exact.y.back());
      chart.series.push_back(std::move(exact));
      continue;
    }
    for (const RunRecord* run : runs) {
      const double x = run->plan.swept
                           ? run->plan.sweep_value
                           : run->plan.config.objective_options.negatives;
      exact.x.push_back(x);
      exact.y.push_back(run->heldout.perplexity);
      exact.y_spread.push_back(Spread(*run, "heldout_perplexity"));
      self_normalized.x.push_back(x);
      self_normalized.y.push_back(run->heldout.perplexity_self_normalized);
      self_normalized.y_spread.push_back(
          Spread(*run, "heldout_perplexity_self_normalized"));
      all_x.push_back(x);
      all_y.push_back(run->heldout.perplexity);
    }
    chart.series.push_back(std::move(exact));
    // Only a self-normalised objective claims that Z = 1; for the others
    // that curve measures nothing they were trained for.
    if (info != nullptr &&
        info->normalisation == Normalisation::kSelfNormalised) {
      for (double y : self_normalized.y) all_y.push_back(y);
      chart.series.push_back(std::move(self_normalized));
    }
  }
  for (size_t i = 0; i < chart.series.size(); ++i) {
    chart.series[i].marker = static_cast<int>(i);  // the same in the close-up
  }
  chart.log_x = WideRange(all_x);
  if (chart.log_x) chart.x_label += " (log scale)";
  chart.log_y = WideRange(all_y);
  if (chart.log_y) chart.y_label = "held-out perplexity (exact Z, log scale)";
  out.figure.title = chart.title;
  out.figure.subtitle = absl::StrFormat(
      "%d held-out skip-gram pairs, full window %d; lower is better",
      report.heldout_pairs, report.heldout_window);
  chart.title = "every objective";
  std::optional<Chart> close_up = CloseUp(chart);
  out.figure.panels.push_back(std::move(chart));
  if (close_up.has_value()) {
    out.figure.panels.push_back(*std::move(close_up));
    out.figure.columns = 2;
  }
  return out;
}

NamedFigure QualityFigure(const BenchReport& report) {
  bool have_analogies = false;
  for (const RunRecord& run : report.runs) {
    have_analogies = have_analogies || std::isfinite(run.quality.analogy_total);
  }
  NamedFigure out;
  out.file_name = "quality_vs_speed.svg";
  Chart chart;
  chart.x_label = "training speed, words/s/thread (wall clock)";
  chart.y_label = have_analogies ? "analogy accuracy (%)"
                                 : "held-out perplexity (lower is better)";
  out.figure.title = have_analogies
                         ? "Analogy accuracy against training speed"
                         : "Held-out perplexity against training speed";
  out.figure.subtitle =
      have_analogies
          ? "questions-words.txt, questions with all words in the first "
            "30000 words; up and right is better"
          : "no analogy set was scored (see notes in results.json)";
  std::vector<double> all_x;
  // The sweep points of one objective are labelled; the other lines run in
  // the same order, and their labels would pile up on the first's.
  bool labelled_sweep = false;
  for (const std::string& objective : ObjectivesOf(report)) {
    Series s;
    s.label = objective;
    s.color = ObjectiveColor(objective);
    const std::vector<const RunRecord*> runs = RunsOf(report, objective);
    const bool swept = runs.front()->plan.swept;
    for (const RunRecord* run : runs) {
      s.x.push_back(run->train.words_per_sec_per_thread);
      s.y.push_back(have_analogies ? 100 * run->quality.analogy_total
                                   : run->heldout.perplexity);
      s.y_spread.push_back(have_analogies ? 100 * Spread(*run, "analogy_total")
                                          : Spread(*run, "heldout_perplexity"));
      s.point_labels.push_back(
          !swept || !labelled_sweep ? PointLabel(*run, report.sweep) : "");
      all_x.push_back(s.x.back());
    }
    labelled_sweep = labelled_sweep || swept;
    if (s.x.size() == 1) s.style = Series::Style::kMarkers;
    chart.series.push_back(std::move(s));
  }
  chart.log_x = WideRange(all_x);
  if (chart.log_x) chart.x_label += ", log scale";
  out.figure.panels.push_back(std::move(chart));
  return out;
}

}  // namespace

std::vector<NamedFigure> BenchFigures(const BenchReport& report) {
  if (report.runs.empty()) return {};
  std::vector<NamedFigure> figures = {
      LossFigure(report), PerplexityFigure(report), QualityFigure(report)};
  const size_t seeds = report.runs.front().seeds.size();
  if (seeds > 1) {
    figures[0].figure.subtitle +=
        absl::StrCat("; the first of ", seeds, " seeds");
    for (size_t i = 1; i < figures.size(); ++i) {
      figures[i].figure.subtitle +=
          absl::StrCat("; means over ", seeds,
                       " seeds, bars and bands ± one standard deviation");
    }
  }
  return figures;
}

absl::StatusOr<std::vector<std::string>> WriteBenchFigures(
    const BenchReport& report, const std::string& dir) {
  std::vector<std::string> paths;
  for (const NamedFigure& named : BenchFigures(report)) {
    const std::string path = absl::StrCat(dir, "/", named.file_name);
    ASSIGN_OR_RETURN(auto file, AtomicFile::Create(path));
    RETURN_IF_ERROR(file->Write(RenderSvg(named.figure)));
    RETURN_IF_ERROR(file->Commit());
    paths.push_back(path);
  }
  return paths;
}

}  // namespace nce2vec
