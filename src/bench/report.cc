#include "src/bench/report.h"

#include <cmath>
#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
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
      {"failure",
       [](const RunRecord& r) {
         return r.failure.empty() ? "null" : String(r.failure);
       }},
  };
  return *columns;
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

// A CSV field from its JSON form: null is empty, strings are unquoted then
// quoted again the CSV way only if they need it.
std::string CsvField(const std::string& json) {
  if (json == "null") return "";
  if (json.empty() || json[0] != '"') return json;
  std::string text = json.substr(1, json.size() - 2);
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string Cell(double value, const absl::FormatSpec<double>& format) {
  return std::isfinite(value) ? absl::StrFormat(format, value) : "-";
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
    for (const Column& column : RunColumns()) {
      object.AddRaw(column.name, column.json(run));
    }
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
           "vocabulary; self-normalized takes log Z = 0");
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
  for (const Column& column : RunColumns()) header.emplace_back(column.name);
  std::string csv = absl::StrCat(absl::StrJoin(header, ","), "\n");
  for (const RunRecord& run : report.runs) {
    std::vector<std::string> fields;
    for (const Column& column : RunColumns()) {
      fields.push_back(CsvField(column.json(run)));
    }
    absl::StrAppend(&csv, absl::StrJoin(fields, ","), "\n");
  }
  return csv;
}

std::string MarkdownTable(const BenchReport& report) {
  std::string table =
      "| run | seconds | words/s/thread | peak MiB | held-out ppl | ppl (Z=1) "
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
    absl::StrAppend(
        &table, "| ", r.plan.label, " | ", Cell(r.train.seconds, "%.1f"), " | ",
        Rate(r.train.words_per_sec_per_thread), " | ", Cell(r.peak.mib, "%.0f"),
        " | ", Cell(r.heldout.perplexity, "%.1f"), " | ",
        Cell(r.heldout.perplexity_self_normalized, "%.1f"), " | ",
        Cell(r.heldout.log_z_mean, "%.2f"), " ± ",
        Cell(r.heldout.log_z_std, "%.2f"), " | ",
        Cell(100 * r.quality.analogy_total, "%.1f"), " | ",
        Cell(r.quality.wordsim353_spearman, "%.3f"), " | ",
        Cell(r.quality.simlex999_spearman, "%.3f"), " |\n");
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
  for (const RunRecord& r : report.runs) {
    if (!r.failure.empty()) {
      absl::StrAppend(&table, "\n", r.plan.label, ": ", r.failure, "\n");
    }
  }
  return table;
}

}  // namespace nce2vec
