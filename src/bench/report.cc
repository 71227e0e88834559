#include "src/bench/report.h"

#include <cmath>
#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "src/bench/repeats.h"
#include "src/objectives/registry.h"
#include "src/util/json.h"

namespace nce2vec {
namespace {

// One scalar column of the per-run results, as JSON and as CSV.
struct Column {
  absl::string_view name;
  std::function<std::string(const RunRecord&)> json;
};

std::string Number(double value) { return JsonNumber(value); }
std::string Integer(int64_t value) { return absl::StrCat(value); }
std::string String(absl::string_view value) { return JsonString(value); }

const std::vector<Column>& RunColumns() {
  static const auto* columns = new std::vector<Column>{
      {"objective",
       [](const RunRecord& r) { return String(r.plan.config.objective); }},
      {"label", [](const RunRecord& r) { return String(r.plan.label); }},
      {"negatives",
       [](const RunRecord& r) {
         return r.plan.sampled
                    ? Integer(r.plan.config.objective_options.negatives)
                    : "null";
       }},
      {"sweep_value",
       [](const RunRecord& r) {
         return r.plan.swept ? Number(r.plan.sweep_value) : "null";
       }},
      {"dim", [](const RunRecord& r) { return Integer(r.plan.config.dim); }},
      {"window",
       [](const RunRecord& r) { return Integer(r.plan.config.window); }},
      {"epochs",
       [](const RunRecord& r) { return Integer(r.plan.config.epochs); }},
      {"lr", [](const RunRecord& r) { return Number(r.plan.config.lr); }},
      {"sample",
       [](const RunRecord& r) { return Number(r.plan.config.sample); }},
      {"maxn",
       [](const RunRecord& r) { return Integer(r.plan.config.subwords.maxn); }},
      {"minn",
       [](const RunRecord& r) {
         const SubwordOptions& s = r.plan.config.subwords;
         return s.enabled() ? Integer(s.minn) : "null";
       }},
      {"bucket",
       [](const RunRecord& r) {
         const SubwordOptions& s = r.plan.config.subwords;
         return s.enabled() ? Integer(s.bucket) : "null";
       }},
      {"noise_power",
       [](const RunRecord& r) {
         return r.plan.sampled ? Number(r.plan.config.noise_power) : "null";
       }},
      {"output_bias",
       [](const RunRecord& r) {
         return std::string(r.output_bias ? "true" : "false");
       }},
      {"seconds", [](const RunRecord& r) { return Number(r.train.seconds); }},
      {"words", [](const RunRecord& r) { return Integer(r.train.words); }},
      {"words_per_sec_per_thread",
       [](const RunRecord& r) {
         return Number(r.train.words_per_sec_per_thread);
       }},
      {"peak_rss_mb", [](const RunRecord& r) { return Number(r.peak.mib); }},
      {"final_loss",
       [](const RunRecord& r) { return Number(r.train.final_loss); }},
      {"mean_loss",
       [](const RunRecord& r) { return Number(r.train.mean_loss); }},
      {"heldout_loglik",
       [](const RunRecord& r) {
         return Number(r.heldout.mean_log_likelihood);
       }},
      {"heldout_perplexity",
       [](const RunRecord& r) { return Number(r.heldout.perplexity); }},
      {"heldout_loglik_self_normalized",
       [](const RunRecord& r) {
         return Number(r.heldout.mean_log_likelihood_self_normalized);
       }},
      {"heldout_perplexity_self_normalized",
       [](const RunRecord& r) {
         return Number(r.heldout.perplexity_self_normalized);
       }},
      {"log_z_mean",
       [](const RunRecord& r) { return Number(r.heldout.log_z_mean); }},
      {"log_z_std",
       [](const RunRecord& r) { return Number(r.heldout.log_z_std); }},
      {"analogy_total",
       [](const RunRecord& r) { return Number(r.quality.analogy_total); }},
      {"analogy_evaluated",
       [](const RunRecord& r) { return Integer(r.quality.analogy_evaluated); }},
      {"wordsim353_spearman",
       [](const RunRecord& r) {
         return Number(r.quality.wordsim353_spearman);
       }},
      {"simlex999_spearman",
       [](const RunRecord& r) { return Number(r.quality.simlex999_spearman); }},
      {"eval_seconds",
       [](const RunRecord& r) { return Number(r.eval_seconds); }},
      {"false_negative_rate",
       [](const RunRecord& r) { return Number(r.false_negative_rate); }},
      {"cached",
       [](const RunRecord& r) {
         return std::string(r.cached ? "true" : "false");
       }},
      {"failure",
       [](const RunRecord& r) {
         return r.failure.empty() ? "null" : String(r.failure);
       }},
  };
  return *columns;
}

// Every column of a run as (name, JSON value): RunColumns(), each figure
// that repeats average followed by its "<name>_sd" (null for one seed), then
// "seeds".
std::vector<std::pair<std::string, std::string>> RunFields(const RunRecord& r) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const Column& column : RunColumns()) {
    fields.emplace_back(std::string(column.name), column.json(r));
    const int figure = RepeatedFigureIndex(column.name);
    if (figure < 0) continue;
    fields.emplace_back(absl::StrCat(column.name, "_sd"),
                        r.spread.empty() ? "null" : Number(r.spread[figure]));
  }
  std::vector<std::string> seeds;
  for (uint64_t seed : r.seeds) seeds.push_back(absl::StrCat(seed));
  fields.emplace_back("seeds",
                      absl::StrCat("[", absl::StrJoin(seeds, ", "), "]"));
  return fields;
}

std::string LossCurveJson(const TrainResult& train) {
  std::vector<std::string> points;
  for (const TrainProgress& p : train.loss_curve) {
    points.push_back(JsonObject()
                         .Add("seconds", p.seconds)
                         .Add("fraction", p.fraction)
                         .Add("words", p.words)
                         .Add("lr", p.lr)
                         .Add("loss", p.loss)
                         .str());
  }
  return absl::StrCat("[", absl::StrJoin(points, ", "), "]");
}

std::string FilesJson(const std::vector<InputFile>& files) {
  std::vector<std::string> items;
  for (const InputFile& f : files) {
    items.push_back(JsonObject()
                        .Add("path", f.path)
                        .Add("bytes", static_cast<int64_t>(f.bytes))
                        .Add("sha256", f.sha256)
                        .str());
  }
  return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
}

std::string StringsJson(const std::vector<std::string>& strings) {
  std::vector<std::string> items;
  for (const std::string& s : strings) items.push_back(JsonString(s));
  return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
}

// A CSV field from its JSON form: null is empty, strings are decoded, then
// quoted the CSV way only if they need it.
std::string CsvField(const std::string& json) {
  if (json == "null") return "";
  if (json.empty() || json[0] != '"') return json;
  const std::string text = JsonStringText(json);
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string Cell(double value, const absl::FormatSpec<double>& format) {
  return std::isfinite(value) ? absl::StrFormat(format, value) : "-";
}

// A figure of the table, with " ± sd" when it is a mean over seeds.
std::string Figure(const RunRecord& r, absl::string_view key, double value,
                   const absl::FormatSpec<double>& format, double scale = 1) {
  std::string cell = Cell(scale * value, format);
  const int figure = RepeatedFigureIndex(key);
  if (!r.spread.empty() && figure >= 0 && std::isfinite(value)) {
    absl::StrAppend(&cell, " ± ", Cell(scale * r.spread[figure], format));
  }
  return cell;
}

// "ppl (Z = 1)" is a perplexity only for scores normalised over the
// vocabulary, exactly or by training; for the others exp(-mean score) means
// nothing (sgns's comes out below 1).
bool SelfNormalizedMeaningful(const RunRecord& r) {
  const ObjectiveInfo* info = FindObjective(r.plan.config.objective);
  return info == nullptr || info->normalisation != Normalisation::kNone;
}

// Whether the run's likelihood comes from a tree, whose log Z is 0 by
// construction rather than measured.
bool ScoredByTree(const RunRecord& r) {
  const ObjectiveInfo* info = FindObjective(r.plan.config.objective);
  return info != nullptr && info->scoring == Scoring::kTreePath;
}

std::string Rate(double words_per_second) {
  if (!std::isfinite(words_per_second)) return "-";
  if (words_per_second >= 1e6)
    return absl::StrFormat("%.2fM", words_per_second / 1e6);
  return absl::StrFormat("%.0fk", words_per_second / 1e3);
}

}  // namespace

std::string ResultsJson(const BenchReport& report) {
  std::vector<std::string> runs;
  for (const RunRecord& run : report.runs) {
    JsonObject object;
    for (const auto& [name, value] : RunFields(run)) object.AddRaw(name, value);
    object.Add("heldout_pairs", run.heldout.pairs)
        .Add("peak_rss_source", run.peak.source)
        .AddRaw("loss_curve", LossCurveJson(run.train));
    runs.push_back(object.str());
  }
  JsonObject sweep;
  if (!report.sweep.empty()) {
    std::vector<std::string> values;
    for (double v : report.sweep.values) values.push_back(JsonNumber(v));
    sweep.Add("flag", report.sweep.flag)
        .AddRaw("values", absl::StrCat("[", absl::StrJoin(values, ", "), "]"));
  }
  JsonObject heldout;
  heldout.Add("window", report.heldout_window)
      .Add("tokens", report.heldout_tokens)
      .Add("oov_tokens", report.heldout_oov_tokens)
      .Add("pairs", report.heldout_pairs)
      .Add("oov_pairs_excluded", report.heldout_oov_pairs)
      .Add("definition",
           "skip-gram pairs (w, c) with c at distance 1..window of w in the "
           "same line, full window (no random shrinking), no subsampling; "
           "pairs with a word out of the vocabulary are excluded; log p(c|w) "
           "= u_c.x_w + b_c - log sum_v exp(u_v.x_w + b_v) over the whole "
           "vocabulary; self-normalized takes log Z = 0; for a Huffman tree "
           "(hs) log p(c|w) = sum over c's path of log sigmoid(+-v_n.x_w), "
           "normalised by construction (log Z = 0)");
  JsonObject out;
  out.Add("nce2vec_version", report.version)
      .Add("build", report.build)
      .Add("command_line", report.command_line)
      .Add("started_utc", report.started_utc)
      .Add("seed", static_cast<int64_t>(report.seed))
      .Add("threads", report.threads)
      .Add("model", report.model)
      .AddRaw("train_corpus", FilesJson(report.train_files))
      .AddRaw("heldout_corpus", FilesJson(report.heldout_files))
      .Add("vocab_size", static_cast<int64_t>(report.vocab_size))
      .Add("train_tokens_per_epoch", report.train_tokens)
      .AddRaw("heldout", heldout.str())
      .AddRaw("sweep", report.sweep.empty() ? "null" : sweep.str());
  if (report.eval_dir.empty()) {
    out.AddNull("eval_dir");
  } else {
    out.Add("eval_dir", report.eval_dir);
  }
  out.AddRaw("notes", StringsJson(report.notes))
      .Add("total_seconds", report.total_seconds)
      .AddRaw("runs", absl::StrCat("[\n", absl::StrJoin(runs, ",\n"), "\n]"));
  return out.str() + "\n";
}

std::string ResultsCsv(const BenchReport& report) {
  std::vector<std::string> header;
  const RunRecord no_run;
  for (const auto& field : RunFields(no_run)) header.push_back(field.first);
  std::string csv = absl::StrCat(absl::StrJoin(header, ","), "\n");
  for (const RunRecord& run : report.runs) {
    std::vector<std::string> fields;
    for (const auto& [name, value] : RunFields(run)) {
      // The seeds as one field: "1 2 3".
      fields.push_back(name == "seeds" ? absl::StrJoin(run.seeds, " ")
                                       : CsvField(value));
    }
    absl::StrAppend(&csv, absl::StrJoin(fields, ","), "\n");
  }
  return csv;
}

std::string MarkdownTable(const BenchReport& report) {
  std::string table =
      "| run | seconds | words/s/thread | peak MiB | held-out ppl | ppl (Z = "
      "1) "
      "| log Z mean ± std | analogy % | WS353 ρ | SL999 ρ |\n"
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
      "|\n";
  for (const RunRecord& r : report.runs) {
    if (!r.failure.empty()) {
      absl::StrAppend(&table, "| ", r.plan.label, " | diverged after ",
                      Cell(r.train.seconds, "%.1f"),
                      " s (see below) | | | | | | | | |\n");
      continue;
    }
    const bool tree = ScoredByTree(r);
    absl::StrAppend(
        &table, "| ", r.plan.label, " | ",
        Figure(r, "seconds", r.train.seconds, "%.1f"),
        r.cached ? " (cached)" : "", " | ",
        Rate(r.train.words_per_sec_per_thread), " | ", Cell(r.peak.mib, "%.0f"),
        " | ", Figure(r, "heldout_perplexity", r.heldout.perplexity, "%.1f"),
        " | ",
        SelfNormalizedMeaningful(r) ||
                !std::isfinite(r.heldout.perplexity_self_normalized)
            ? Figure(r, "heldout_perplexity_self_normalized",
                     r.heldout.perplexity_self_normalized, "%.1f")
            : "–",
        " | ",
        tree ? "0 by construction"
             : absl::StrCat(Cell(r.heldout.log_z_mean, "%.2f"), " ± ",
                            Cell(r.heldout.log_z_std, "%.2f")),
        " | ", Figure(r, "analogy_total", r.quality.analogy_total, "%.1f", 100),
        " | ",
        Figure(r, "wordsim353_spearman", r.quality.wordsim353_spearman, "%.3f"),
        " | ",
        Figure(r, "simlex999_spearman", r.quality.simlex999_spearman, "%.3f"),
        " |\n");
  }
  for (const RunRecord& r : report.runs) {
    const ObjectiveInfo* info = FindObjective(r.plan.config.objective);
    if (info != nullptr && info->scoring == Scoring::kSquaredDistance) {
      absl::StrAppend(
          &table,
          "\nHeld-out likelihood is not defined for the distance losses (",
          ObjectiveNames([](const ObjectiveInfo& o) {
            return o.scoring == Scoring::kSquaredDistance;
          }),
          "): they learn a metric, not scores a softmax turns into p(w|h).\n");
      break;
    }
  }
  // What the table's marks mean.
  for (const RunRecord& r : report.runs) {
    if (r.failure.empty() && !SelfNormalizedMeaningful(r) &&
        std::isfinite(r.heldout.perplexity)) {
      absl::StrAppend(
          &table, "\nppl (Z = 1) is \"–\" for ",
          ObjectiveNames([](const ObjectiveInfo& o) {
            return o.scoring == Scoring::kDotProduct &&
                   o.normalisation == Normalisation::kNone;
          }),
          ": their scores are not normalised (PMI-like or ratios to the "
          "noise), so taking Z = 1 gives no perplexity (it can fall below "
          "1); the held-out ppl with the exact Z is theirs.\n");
      break;
    }
  }
  std::vector<std::string> false_negatives;
  for (const RunRecord& r : report.runs) {
    if (std::isfinite(r.false_negative_rate)) {
      false_negatives.push_back(absl::StrCat(
          r.plan.label, " ",
          Figure(r, "false_negative_rate", r.false_negative_rate, "%.2f", 100),
          "%"));
    }
  }
  if (!false_negatives.empty()) {
    absl::StrAppend(
        &table,
        "\nIn-batch false negatives (share of in-batch negatives within the "
        "full window of their row's centre word, on a sample of batches): ",
        absl::StrJoin(false_negatives, ", "), ".\n");
  }
  for (const RunRecord& r : report.runs) {
    if (r.cached) {
      absl::StrAppend(&table, "\n", r.plan.label,
                      ": cached: taken from the reference cache and scored "
                      "afresh; its seconds are the original training's.\n");
    }
  }
  if (!report.runs.empty() && report.runs.front().seeds.size() > 1) {
    absl::StrAppend(&table, "\nMeans ± sample standard deviations over seeds ",
                    absl::StrJoin(report.runs.front().seeds, ", "), ".\n");
  }
  for (const RunRecord& r : report.runs) {
    if (ScoredByTree(r)) {
      absl::StrAppend(
          &table, "\n", r.plan.config.objective,
          ": p(c|w) is a product of sigmoids along c's Huffman path, which "
          "sums to 1 over the vocabulary by construction (log Z = 0); the "
          "likelihood is exact, computed from the tree.\n");
      break;
    }
  }
  for (const RunRecord& r : report.runs) {
    if (!r.failure.empty()) {
      absl::StrAppend(&table, "\n", r.plan.label, ": ", r.failure, "\n");
    }
  }
  return table;
}

}  // namespace nce2vec
