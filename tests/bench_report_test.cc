// results.json, results.csv and the markdown table of a made-up bench:
// valid JSON with null where a figure is undefined, CSV columns that line
// up, and a table a person can read.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/bench/plots.h"
#include "src/bench/repeats.h"
#include "src/bench/report.h"
#include "src/objectives/registry.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RunRecord Run(const std::string& objective, bool sampled, int negatives,
              double perplexity) {
  RunRecord r;
  r.plan.config.objective = objective;
  r.plan.config.objective_options.negatives = negatives;
  r.plan.sampled = sampled;
  r.plan.swept = sampled;
  r.plan.sweep_value = negatives;
  r.plan.label = sampled ? objective + " negatives=" + std::to_string(negatives)
                         : objective;
  r.train.seconds = 12.5;
  r.train.words_per_sec_per_thread = 250000;
  for (int i = 1; i <= 3; ++i) {
    TrainProgress p;
    p.seconds = i;
    p.words = 1000 * i;
    p.loss = 5.0 / i;
    r.train.loss_curve.push_back(p);
  }
  r.peak = {42.0, "VmHWM reset per run"};
  r.heldout.perplexity = perplexity;
  r.heldout.perplexity_self_normalized = perplexity * 1.1;
  r.heldout.mean_log_likelihood = -std::log(perplexity);
  r.heldout.log_z_mean = 0.05;
  r.heldout.log_z_std = 0.2;
  r.quality.analogy_total = sampled ? 0.3 : NAN;
  return r;
}

BenchReport Report() {
  BenchReport report;
  report.command_line = "nce2vec bench --input 'a b.txt' --out \"x\"";
  report.version = "0.1.0";
  report.seed = 7;
  report.sweep.flag = "negatives";
  report.sweep.values = {1, 25};
  report.notes = {"a note, with a comma"};
  report.heldout_pairs = 100;
  report.heldout_window = 5;
  report.train_files = {{"a b.txt", 10, std::string(64, 'f')}};
  report.runs = {Run("softmax", false, 5, 400), Run("nce", true, 1, 480),
                 Run("nce", true, 25, 410)};
  report.runs[2].plan.label = "nce, k=25";  // a comma to quote in CSV
  return report;
}

std::string Python(const std::string& dir, const std::string& script) {
  const std::string path = testing::WriteTempFile(dir, "check.py", script);
  std::string output;
  EXPECT_EQ(testing::RunCommand("python3 " + path, &output), 0) << output;
  return output;
}

TEST(BenchReportTest, JsonParsesWithNulls) {
  const std::string dir = testing::TempDir();
  testing::WriteTempFile(dir, "results.json", ResultsJson(Report()));
  const std::string output =
      Python(dir,
             "import json\n"
             "d = json.load(open('" +
                 dir +
                 "/results.json'))\n"
                 "print(d['command_line'])\n"
                 "print('seed', d['seed'], d['sweep'])\n"
                 "s, n1, n25 = d['runs']\n"
                 "print('softmax', s['negatives'], s['analogy_total'], "
                 "s['peak_rss_mb'])\n"
                 "print('nce', n25['negatives'], n25['heldout_perplexity'],\n"
                 "      n25['analogy_total'], len(n25['loss_curve']),\n"
                 "      n25['loss_curve'][1]['loss'])\n");
  EXPECT_THAT(output, HasSubstr("nce2vec bench --input 'a b.txt' --out \"x\""));
  EXPECT_THAT(output,
              HasSubstr("seed 7 {'flag': 'negatives', 'values': [1, 25]}"));
  EXPECT_THAT(output, HasSubstr("softmax None None 42"));
  EXPECT_THAT(output, HasSubstr("nce 25 410 0.3 3 2.5"));
}

TEST(BenchReportTest, CsvColumnsLineUp) {
  const std::string dir = testing::TempDir();
  BenchReport report = Report();
  // A quote and a backslash too, which JSON and CSV escape differently.
  report.runs[1].plan.label = "say \"k\" \\ 1";
  testing::WriteTempFile(dir, "results.csv", ResultsCsv(report));
  const std::string output = Python(
      dir,
      "import csv\n"
      "rows = list(csv.DictReader(open('" +
          dir +
          "/results.csv')))\n"
          "print(len(rows), repr(rows[0]['negatives']), rows[2]['label'],\n"
          "      rows[2]['heldout_perplexity'], "
          "repr(rows[0]['analogy_total']), rows[1]['label'])\n");
  EXPECT_THAT(output, HasSubstr("3 '' nce, k=25 410 '' say \"k\" \\ 1"));
}

TEST(BenchReportTest, MarkdownTable) {
  const std::string table = MarkdownTable(Report());
  const std::vector<std::string> lines =
      absl::StrSplit(table, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_THAT(lines[0], HasSubstr("| run | seconds | words/s/thread |"));
  EXPECT_THAT(lines[2],
              HasSubstr("| softmax | 12.5 | 250k | 42 | 400.0 | 440.0 "
                        "| 0.05 ± 0.20 | - |"));
  EXPECT_THAT(lines[3], HasSubstr("| nce negatives=1 |"));
  EXPECT_THAT(lines[3], HasSubstr("| 30.0 |"));
  EXPECT_THAT(table, Not(HasSubstr("not defined")));
}

TEST(BenchReportTest, MarkdownTableSaysWhyADistanceLossHasNoLikelihood) {
  BenchReport report = Report();
  RunRecord triplet = nce2vec::Run("triplet", true, 5, NAN);
  triplet.heldout.perplexity_self_normalized = NAN;
  triplet.heldout.log_z_mean = triplet.heldout.log_z_std = NAN;
  report.runs.push_back(triplet);
  const std::string table = MarkdownTable(report);
  EXPECT_THAT(table, HasSubstr("| 250k | 42 | - | - | - ± - |"));
  EXPECT_THAT(table, HasSubstr("Held-out likelihood is not defined for the "
                               "distance losses"));
}

// hs's likelihood comes from its tree: log Z is 0 by construction, which
// the table says instead of printing a measured 0.00 ± 0.00; the perplexity
// plot draws it as a line like the softmax (it has no k), in its colour.
TEST(BenchReportTest, HierarchicalSoftmaxIsNormalisedByConstruction) {
  BenchReport report = Report();
  RunRecord hs = nce2vec::Run("hs", false, 5, 430);
  hs.heldout.perplexity_self_normalized = 430;
  hs.heldout.log_z_mean = hs.heldout.log_z_std = 0;
  report.runs.push_back(hs);
  const std::string table = MarkdownTable(report);
  EXPECT_THAT(table, HasSubstr("| hs | 12.5 | 250k | 42 | 430.0 | 430.0 | 0 "
                               "by construction | - |"));
  EXPECT_THAT(table, HasSubstr("hs: p(c|w) is a product of sigmoids"));
  const std::vector<NamedFigure> figures = BenchFigures(report);
  const Chart& perplexity = figures[1].figure.panels[0];
  ASSERT_EQ(perplexity.series.size(), 4u);
  EXPECT_EQ(perplexity.series[3].style, Series::Style::kHorizontal);
  EXPECT_EQ(perplexity.series[3].y, (std::vector<double>{430}));
  EXPECT_EQ(perplexity.series[3].color, FindObjective("hs")->plot_color);
}

TEST(BenchReportTest, FiguresForTheSweep) {
  const std::vector<NamedFigure> figures = BenchFigures(Report());
  ASSERT_EQ(figures.size(), 3u);
  EXPECT_EQ(figures[0].file_name, "loss_vs_time.svg");
  EXPECT_EQ(figures[0].figure.panels.size(), 2u);  // softmax, nce
  EXPECT_EQ(figures[1].file_name, "perplexity_vs_negatives.svg");
  const Chart& perplexity = figures[1].figure.panels[0];
  EXPECT_TRUE(perplexity.log_x);
  // softmax as a line; nce exact and with Z = 1.
  ASSERT_EQ(perplexity.series.size(), 3u);
  EXPECT_EQ(perplexity.series[0].style, Series::Style::kHorizontal);
  EXPECT_EQ(perplexity.series[1].y, (std::vector<double>{480, 410}));
  EXPECT_THAT(perplexity.series[2].label, HasSubstr("Z = 1"));
  EXPECT_EQ(figures[2].file_name, "quality_vs_speed.svg");
  EXPECT_THAT(figures[2].figure.title, HasSubstr("Analogy accuracy"));
  EXPECT_EQ(figures[2].figure.panels[0].series[1].point_labels[1], "k=25");
}

// --repeats: one record per planned run whose figures are the means over
// the seeds, with their sample standard deviations beside them in
// results.json, the table and the plots.
TEST(BenchReportTest, RepeatsGiveMeansAndSpreads) {
  std::vector<RunRecord> repeats;
  for (int i = 0; i < 3; ++i) {
    RunRecord r = nce2vec::Run("nce", true, 5, 400 + 10 * i);
    r.plan.config.seed = 7 + i;
    r.quality.wordsim353_spearman = 0.3 + 0.1 * i;
    repeats.push_back(r);
  }
  repeats[1].cached = true;
  RunRecord combined = CombineRepeats(repeats);
  EXPECT_EQ(combined.seeds, (std::vector<uint64_t>{7, 8, 9}));
  EXPECT_FALSE(combined.cached);  // not every repeat was
  EXPECT_NEAR(combined.heldout.perplexity, 410, 1e-9);
  EXPECT_NEAR(combined.quality.wordsim353_spearman, 0.4, 1e-9);
  const int ws = RepeatedFigureIndex("wordsim353_spearman");
  ASSERT_GE(ws, 0);
  EXPECT_NEAR(combined.spread[ws], 0.1, 1e-9);  // n - 1
  EXPECT_EQ(combined.spread[RepeatedFigureIndex("seconds")], 0);
  EXPECT_TRUE(combined.failure.empty());

  BenchReport report = Report();
  report.runs = {combined};
  const std::string table = MarkdownTable(report);
  EXPECT_THAT(table, HasSubstr("| 410.0 ± 10.0 |"));
  EXPECT_THAT(table, HasSubstr("| 0.400 ± 0.100 |"));
  EXPECT_THAT(table, HasSubstr("over seeds 7, 8, 9"));

  const std::string dir = testing::TempDir();
  testing::WriteTempFile(dir, "results.json", ResultsJson(report));
  const std::string output =
      Python(dir,
             "import json\n"
             "r = json.load(open('" +
                 dir +
                 "/results.json'))['runs'][0]\n"
                 "print(r['seeds'], round(r['wordsim353_spearman'], 6), "
                 "round(r['wordsim353_spearman_sd'], 6), "
                 "r['heldout_perplexity_sd'], r['label_sd'] if "
                 "'label_sd' in r else 'no label_sd')\n");
  EXPECT_THAT(output, HasSubstr("[7, 8, 9] 0.4 0.1 10"));
  EXPECT_THAT(output, HasSubstr("no label_sd"));
  testing::WriteTempFile(dir, "results.csv", ResultsCsv(report));
  EXPECT_THAT(Python(dir,
                     "import csv\n"
                     "r = list(csv.DictReader(open('" +
                         dir +
                         "/results.csv')))[0]\n"
                         "print(r['seeds'], r['heldout_perplexity_sd'])\n"),
              HasSubstr("7 8 9 10"));

  // The plots draw the spread.
  const std::vector<NamedFigure> figures = BenchFigures(report);
  EXPECT_EQ(figures[1].figure.panels[0].series[0].y_spread,
            (std::vector<double>{10}));
  EXPECT_THAT(figures[1].figure.subtitle, HasSubstr("3 seeds"));

  // One failed seed fails the run, naming it.
  repeats[2].failure = "diverged";
  EXPECT_EQ(CombineRepeats(repeats).failure, "seed 9: diverged");
}

// "ppl (Z = 1)" only where the scores are normalised (exactly or by
// training, by the registry's Normalisation): sgns's exp(-mean score) can
// fall below 1 and means nothing.
TEST(BenchReportTest, SelfNormalizedPerplexityOnlyForNormalisedScores) {
  BenchReport report = Report();
  RunRecord sgns = nce2vec::Run("sgns", true, 5, 7000);
  sgns.heldout.perplexity_self_normalized = 0.8;
  report.runs.push_back(sgns);
  const std::string table = MarkdownTable(report);
  EXPECT_THAT(table, HasSubstr("| 7000.0 | – |"));
  EXPECT_THAT(table, Not(HasSubstr("0.8 |")));
  EXPECT_THAT(table, HasSubstr("| 400.0 | 440.0 |"));  // softmax
  EXPECT_THAT(table, HasSubstr("ppl (Z = 1) is \"–\" for sgns"));
}

// The in-batch objectives' false-negative rate is printed under the table.
TEST(BenchReportTest, FalseNegativeRateUnderTheTable) {
  BenchReport report = Report();
  RunRecord npair = nce2vec::Run("npair", false, 5, 9000);
  npair.false_negative_rate = 0.0045;
  report.runs.push_back(npair);
  EXPECT_THAT(MarkdownTable(report),
              HasSubstr("In-batch false negatives (share of in-batch "));
  EXPECT_THAT(MarkdownTable(report), HasSubstr("npair 0.45%"));
  EXPECT_THAT(MarkdownTable(Report()), Not(HasSubstr("false negatives")));
}

}  // namespace
}  // namespace nce2vec
