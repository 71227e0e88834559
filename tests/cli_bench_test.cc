// Runs `nce2vec bench` as a user would, on a small synthetic corpus written
// here: every objective of the registry, a sweep, and the files a script or
// a person would read afterwards.
#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/objectives/registry.h"
#include "src/util/rng.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kClusters = 6;
constexpr int kWordsPerCluster = 8;

std::string Word(int cluster, int i) {
  return absl::StrCat("c", cluster, "w", i);
}

// Sentences whose words all come from one cluster.
std::string ClusterText(int sentences, uint64_t seed) {
  Rng rng(seed);
  std::string text;
  for (int s = 0; s < sentences; ++s) {
    const int cluster = static_cast<int>(rng.Uniform(kClusters));
    const int length = 6 + static_cast<int>(rng.Uniform(8));
    for (int i = 0; i < length; ++i) {
      absl::StrAppend(
          &text, i ? " " : "",
          Word(cluster, static_cast<int>(rng.Uniform(kWordsPerCluster))));
    }
    text += "\n";
  }
  return text;
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

int Python(const std::string& script, std::string* output) {
  return testing::RunCommand("python3 -c '" + script + "'", output);
}

class CliBenchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir();
    train_ = testing::WriteTempFile(dir_, "train.txt", ClusterText(3000, 1));
    // "zzz" is in no training sentence: its pairs are excluded.
    heldout_ = testing::WriteTempFile(dir_, "heldout.txt",
                                      ClusterText(200, 2) + "c0w1 zzz c0w2\n");
    eval_dir_ = dir_ + "/eval";
    mkdir(eval_dir_.c_str(), 0777);
    std::string questions = ": clusters\n";
    std::string similar;
    for (int c = 0; c + 1 < kClusters; ++c) {
      absl::StrAppend(&questions, Word(c, 0), " ", Word(c, 1), " ",
                      Word(c + 1, 0), " ", Word(c + 1, 1), "\n");
      absl::StrAppend(&similar, Word(c, 0), "\t", Word(c, 2), "\t9\n",
                      Word(c, 0), "\t", Word(c + 1, 3), "\t1\n");
    }
    testing::WriteTempFile(eval_dir_, "questions-words.txt", questions);
    testing::WriteTempFile(eval_dir_, "wordsim353.txt", similar);
    testing::WriteTempFile(eval_dir_, "simlex999.txt", similar);
  }

  std::string Bench(const std::string& flags, int* code) {
    std::string output;
    *code = testing::RunCommand(
        absl::StrCat("env -u NCE2VEC_EVAL_DIR ", testing::Nce2vecBinary(),
                     " bench --input ", train_, " --heldout ", heldout_,
                     " --min_count 1 --dim 10 ", "--epochs 1 --threads 2 ",
                     flags),
        &output);
    return output;
  }

  std::string dir_, train_, heldout_, eval_dir_;
};

TEST_F(CliBenchTest, EveryObjectiveWithASweep) {
  std::vector<std::string> names;
  for (const ObjectiveInfo& info : Objectives()) names.emplace_back(info.name);
  const std::string out = dir_ + "/out";
  int code;
  const std::string output =
      Bench(absl::StrCat("--objectives ", absl::StrJoin(names, ","),
                         " --sweep negatives=1,5 --eval_dir ", eval_dir_,
                         " --out ", out),
            &code);
  ASSERT_EQ(code, 0) << output;
  // Progress names each run and its sweep point, with a bench ETA.
  EXPECT_THAT(output, HasSubstr("nce negatives=5 (sweep point 2/2)"));
  EXPECT_THAT(output, HasSubstr("bench ETA"));
  EXPECT_THAT(output, HasSubstr("| run | seconds | words/s/thread |"));
  EXPECT_THAT(output, HasSubstr("| softmax | "));
  // hs's likelihood is the tree's: log Z is 0 by construction.
  EXPECT_THAT(output, HasSubstr("0 by construction"));

  // results.json: one run per sampled objective and k, one per other
  // objective; negatives null where there are no noise words.
  std::string check;
  const int json = Python(
      "import json, math\n"
      "d = json.load(open(\"" +
          out +
          "/results.json\"))\n"
          "print(\"seed\", d[\"seed\"], \"sha\", "
          "len(d[\"train_corpus\"][0][\"sha256\"]))\n"
          "print(\"excluded\", d[\"heldout\"][\"oov_pairs_excluded\"])\n"
          "print(\"command\", \"--sweep negatives=1,5\" in "
          "d[\"command_line\"])\n"
          "for r in d[\"runs\"]:\n"
          "  keys = [\"objective\", \"negatives\", \"seconds\", "
          "\"words_per_sec_per_thread\",\n"
          "          \"peak_rss_mb\", \"heldout_loglik\", "
          "\"heldout_perplexity\",\n"
          "          \"heldout_perplexity_self_normalized\", \"log_z_mean\", "
          "\"log_z_std\",\n"
          "          \"analogy_total\", \"wordsim353_spearman\", "
          "\"simlex999_spearman\",\n"
          "          \"loss_curve\"]\n"
          "  missing = [k for k in keys if k not in r]\n"
          "  ppl = r[\"heldout_perplexity\"]\n"
          "  metric = r[\"objective\"] in (\"contrastive\", \"triplet\", "
          "\"lifted\")\n"
          "  ppl_ok = ppl is None and r[\"log_z_mean\"] is None if metric "
          "else ppl > 1\n"
          "  if r[\"objective\"] == \"hs\":\n"
          "    ppl_ok = ppl_ok and r[\"log_z_mean\"] == 0 and "
          "r[\"heldout_perplexity_self_normalized\"] == ppl\n"
          "  ok = not missing and ppl_ok and r[\"seconds\"] > 0 and "
          "r[\"peak_rss_mb\"] > 0 \\\n"
          "       and len(r[\"loss_curve\"]) > 0 and r[\"analogy_total\"] is "
          "not None \\\n"
          "       and r[\"wordsim353_spearman\"] is not None\n"
          "  print(\"run\", r[\"objective\"], r[\"negatives\"], \"ok\" if ok "
          "else missing)\n",
      &check);
  ASSERT_EQ(json, 0) << check;
  EXPECT_THAT(check, HasSubstr("seed 1 sha 64"));
  EXPECT_THAT(check, HasSubstr("excluded 4"));  // zzz: 2 pairs each way
  EXPECT_THAT(check, HasSubstr("command True"));
  int runs = 0;
  for (const ObjectiveInfo& info : Objectives()) {
    if (info.sampled) {
      EXPECT_THAT(check, HasSubstr(absl::StrCat("run ", info.name, " 1 ok")));
      EXPECT_THAT(check, HasSubstr(absl::StrCat("run ", info.name, " 5 ok")));
      runs += 2;
    } else {
      EXPECT_THAT(check,
                  HasSubstr(absl::StrCat("run ", info.name, " None ok")));
      runs += 1;
    }
  }

  // results.csv: a header and one line per run, the same columns each.
  const std::vector<std::string> lines = absl::StrSplit(
      testing::ReadFileOrDie(out + "/results.csv"), '\n', absl::SkipEmpty());
  ASSERT_EQ(static_cast<int>(lines.size()), runs + 1);
  EXPECT_THAT(lines[0], HasSubstr("objective,label,negatives,"));
  const size_t columns =
      std::vector<std::string>(absl::StrSplit(lines[0], ',')).size();
  for (const std::string& line : lines) {
    EXPECT_EQ(std::vector<std::string>(absl::StrSplit(line, ',')).size(),
              columns)
        << line;
  }

  // The plots are well-formed SVG.
  for (const char* plot : {"loss_vs_time.svg", "perplexity_vs_negatives.svg",
                           "quality_vs_speed.svg"}) {
    const std::string path = absl::StrCat(out, "/", plot);
    ASSERT_TRUE(Exists(path)) << path;
    std::string xml;
    EXPECT_EQ(
        Python("import xml.etree.ElementTree as E; E.parse(\"" + path + "\")",
               &xml),
        0)
        << path << ": " << xml;
  }
}

// Without --eval_dir or $NCE2VEC_EVAL_DIR the bench scores the sets of the
// source tree (data/eval); none of their words is in this corpus.
TEST_F(CliBenchTest, WithoutEvalDirTheShippedSetsAreUsed) {
  const std::string out = dir_ + "/out";
  int code;
  const std::string output = Bench("--objectives sgns --out " + out, &code);
  ASSERT_EQ(code, 0) << output;
  std::string check;
  ASSERT_EQ(Python("import json; d = json.load(open(\"" + out +
                       "/results.json\")); r = d[\"runs\"][0]; "
                       "print(d[\"eval_dir\"], r[\"analogy_total\"], "
                       "r[\"negatives\"])",
                   &check),
            0)
      << check;
  EXPECT_THAT(check, HasSubstr("/data/eval None 5"));
  EXPECT_THAT(output, Not(HasSubstr("not scored")));
}

// --repeats gives means over seeds with their spread; --reference_cache
// keeps the softmax, and a second bench with the same settings scores the
// kept model instead of training it (the table says so), with the same
// figures.
TEST_F(CliBenchTest, RepeatsAndACachedReference) {
  const std::string cache = dir_ + "/cache";
  std::string first_table;
  for (const std::string& out : {dir_ + "/first", dir_ + "/second"}) {
    int code;
    const std::string output =
        Bench("--objectives softmax,sgns --repeats 2 --reference_cache " +
                  cache + " --eval_dir " + eval_dir_ + " --out " + out,
              &code);
    ASSERT_EQ(code, 0) << output;
    EXPECT_THAT(output, HasSubstr("softmax  seed 2"));
    EXPECT_THAT(output, HasSubstr("over seeds 1, 2"));
    std::string check;
    ASSERT_EQ(Python("import json; r = json.load(open(\"" + out +
                         "/results.json\"))[\"runs\"]; "
                         "print(r[0][\"seeds\"], r[0][\"cached\"], "
                         "r[1][\"cached\"], "
                         "r[1][\"heldout_perplexity_sd\"] > 0)",
                     &check),
              0)
        << check;
    const bool second = out == dir_ + "/second";
    EXPECT_EQ(check, second ? "[1, 2] True False True\n"
                            : "[1, 2] False False True\n");
    const std::string softmax_row =
        output.substr(output.find("| softmax | "),
                      output.find('\n', output.find("| softmax | ")) -
                          output.find("| softmax | "));
    if (second) {
      EXPECT_THAT(softmax_row, HasSubstr("(cached)"));
      // Everything but the seconds' mark is the first bench's.
      EXPECT_THAT(first_table,
                  HasSubstr(softmax_row.substr(softmax_row.find(" | ", 12))));
    } else {
      first_table = softmax_row;
    }
  }
}

TEST_F(CliBenchTest, ADivergedRunIsReportedAndTheOthersStillRun) {
  const std::string out = dir_ + "/out";
  int code;
  const std::string output =
      Bench("--objectives sgns,nce --sweep lr=10,0.025 --out " + out, &code);
  EXPECT_EQ(code, 1) << output;
  EXPECT_THAT(output, HasSubstr("going on with the next run"));
  EXPECT_THAT(output, HasSubstr("| sgns lr=10 | diverged after"));
  EXPECT_THAT(output, HasSubstr("2 of 4 runs diverged"));
  std::string check;
  ASSERT_EQ(Python("import json\n"
                   "for r in json.load(open(\"" +
                       out +
                       "/results.json\"))[\"runs\"]:\n"
                       "  print(r[\"label\"], r[\"failure\"] is None, "
                       "r[\"heldout_perplexity\"] is None)",
                   &check),
            0)
      << check;
  EXPECT_EQ(check,
            "sgns lr=10 False True\nsgns lr=0.025 True False\n"
            "nce lr=10 False True\nnce lr=0.025 True False\n");
}

TEST_F(CliBenchTest, BadFlagsFailBeforeTraining) {
  const std::string out = dir_ + "/out";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--objectives softmax,hinge --out " + out,
       "--objectives: unknown objective 'hinge'; known: softmax, sgns"},
      {"--objectives sgns,hs --output_bias on --out " + out,
       "--output_bias must be off for hs"},
      {"--sweep negatives:1,5 --out " + out, "--sweep 'negatives:1,5': no '='"},
      {"--sweep negatives=1,x --out " + out, "'x' is not a number"},
      {"--sweep negatives=0,5 --out " + out,
       "--sweep negatives=0: --negatives must be in"},
      {"--objectives softmax --sweep negatives=1,5 --out " + out,
       "applies only to objectives that draw noise words"},
      {"--objective nce --out " + out, "--objective is for 'nce2vec train'"},
      // Given at its default value, it is given all the same.
      {"--objective sgns --out " + out, "--objective is for 'nce2vec train'"},
      {"--sweep negatives=1,2.5 --out " + out,
       "--sweep 'negatives=1,2.5': negatives takes integers"},
      {"--sweep negatives=1 --eval_dir " + dir_ + "/nowhere --out " + out,
       "--eval_dir " + dir_ + "/nowhere: holds none of"},
      {"", "--out is required"},
      {"--repeats 0 --out " + out, "--repeats must be in [1, 1000], got 0"},
      {"--reference_cache " + dir_ + "/no/such/folder --out " + out,
       "--reference_cache"},
  };
  for (const auto& [flags, message] : cases) {
    int code;
    const std::string output = Bench(flags, &code);
    EXPECT_EQ(code, 2) << flags << "\n" << output;
    EXPECT_THAT(output, HasSubstr(message)) << flags;
    EXPECT_THAT(output, Not(HasSubstr("vocabulary:"))) << flags;
    EXPECT_FALSE(Exists(out + "/results.json")) << flags;
  }

  // Without --heldout.
  std::string output;
  const int code = testing::RunCommand(
      absl::StrCat(testing::Nce2vecBinary(), " bench --input ", train_,
                   " --out ", out),
      &output);
  EXPECT_EQ(code, 2) << output;
  EXPECT_THAT(output, HasSubstr("--heldout is required"));
  EXPECT_THAT(output, Not(HasSubstr("vocabulary:")));

  // A held-out file that does not exist is named.
  const int missing = testing::RunCommand(
      absl::StrCat(testing::Nce2vecBinary(), " bench --input ", train_,
                   " --heldout ", dir_, "/missing.txt --out ", out),
      &output);
  EXPECT_NE(missing, 0);
  EXPECT_THAT(output, HasSubstr("missing.txt"));
  EXPECT_THAT(output, Not(HasSubstr("vocabulary:")));
}

}  // namespace
}  // namespace nce2vec
