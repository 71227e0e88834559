#include "src/bench/repeats.h"

#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace nce2vec {

const std::vector<RepeatedFigure>& RepeatedFigures() {
  static const auto* figures = new std::vector<RepeatedFigure>{
      {"seconds", [](RunRecord& r) -> double& { return r.train.seconds; }},
      {"words_per_sec_per_thread",
       [](RunRecord& r) -> double& {
         return r.train.words_per_sec_per_thread;
       }},
      {"peak_rss_mb", [](RunRecord& r) -> double& { return r.peak.mib; }},
      {"final_loss",
       [](RunRecord& r) -> double& { return r.train.final_loss; }},
      {"mean_loss", [](RunRecord& r) -> double& { return r.train.mean_loss; }},
      {"false_negative_rate",
       [](RunRecord& r) -> double& { return r.false_negative_rate; }},
      {"heldout_loglik",
       [](RunRecord& r) -> double& { return r.heldout.mean_log_likelihood; }},
      {"heldout_perplexity",
       [](RunRecord& r) -> double& { return r.heldout.perplexity; }},
      {"heldout_loglik_self_normalized",
       [](RunRecord& r) -> double& {
         return r.heldout.mean_log_likelihood_self_normalized;
       }},
      {"heldout_perplexity_self_normalized",
       [](RunRecord& r) -> double& {
         return r.heldout.perplexity_self_normalized;
       }},
      {"log_z_mean",
       [](RunRecord& r) -> double& { return r.heldout.log_z_mean; }},
      {"log_z_std",
       [](RunRecord& r) -> double& { return r.heldout.log_z_std; }},
      {"analogy_total",
       [](RunRecord& r) -> double& { return r.quality.analogy_total; }},
      {"wordsim353_spearman",
       [](RunRecord& r) -> double& { return r.quality.wordsim353_spearman; }},
      {"simlex999_spearman",
       [](RunRecord& r) -> double& { return r.quality.simlex999_spearman; }},
      {"eval_seconds", [](RunRecord& r) -> double& { return r.eval_seconds; }},
  };
  return *figures;
}

int RepeatedFigureIndex(absl::string_view key) {
  const std::vector<RepeatedFigure>& figures = RepeatedFigures();
  for (size_t i = 0; i < figures.size(); ++i) {
    if (figures[i].key == key) return static_cast<int>(i);
  }
  return -1;
}

RunRecord CombineRepeats(std::vector<RunRecord> repeats) {
  RunRecord combined = repeats.front();
  combined.seeds.clear();
  combined.spread.clear();
  std::string failures;
  for (const RunRecord& r : repeats) {
    combined.seeds.push_back(r.plan.config.seed);
    combined.cached = combined.cached && r.cached;
    if (!r.failure.empty()) {
      absl::StrAppend(&failures, failures.empty() ? "" : "; ", "seed ",
                      r.plan.config.seed, ": ", r.failure);
    }
  }
  combined.failure = failures;
  if (repeats.size() == 1) return combined;
  const double n = static_cast<double>(repeats.size());
  for (const RepeatedFigure& figure : RepeatedFigures()) {
    double sum = 0;
    for (RunRecord& r : repeats) sum += figure.field(r);
    const double mean = sum / n;
    double squares = 0;
    for (RunRecord& r : repeats) {
      squares += (figure.field(r) - mean) * (figure.field(r) - mean);
    }
    figure.field(combined) = mean;
    combined.spread.push_back(std::sqrt(squares / (n - 1)));
  }
  return combined;
}

}  // namespace nce2vec
