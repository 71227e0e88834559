// Runs `nce2vec train` as a user would: what is checked before any work, and
// (below) memory limits, the divergence guard, interrupting and resuming.
#include <sys/stat.h>
#include <unistd.h>

#include <string>

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

// `env`: variable assignments for the command, e.g. "OMP_THREAD_LIMIT=1 ".
std::string RunNce2vec(const std::string& args, int* exit_code,
                       const std::string& env = "") {
  std::string output;
  *exit_code =
      testing::RunCommand(env + testing::Nce2vecBinary() + " " + args, &output);
  return output;
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// Sentences whose words come from one of 6 clusters of 8 words.
std::string ClusterCorpus(int sentences) {
  Rng rng(5);
  std::string text;
  for (int s = 0; s < sentences; ++s) {
    const int cluster = static_cast<int>(rng.Uniform(6));
    for (int i = 0; i < 10; ++i) {
      absl::StrAppend(&text, i ? " " : "", "c", cluster, "w", rng.Uniform(8));
    }
    text += "\n";
  }
  return text;
}

class CliTrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir();
    corpus_ = testing::WriteTempFile(dir_, "corpus.txt", ClusterCorpus(2000));
  }

  // A run on the small corpus writing to dir_/vectors.txt; `flags` may
  // override any flag.
  std::string Train(const std::string& flags, int* exit_code) {
    return RunNce2vec(absl::StrCat("train --input ", corpus_, " --output ",
                                   dir_, "/vectors.txt --min_count 1 ",
                                   "--dim 16 --epochs 2 --threads 1 ", flags),
                      exit_code);
  }

  std::string dir_;
  std::string corpus_;
};

TEST_F(CliTrainTest, TrainsAndWritesTheVectors) {
  int code;
  const std::string output = Train("", &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(testing::ReadFileOrDie(dir_ + "/vectors.txt"),
              ::testing::StartsWith("48 16\n"));
}

TEST_F(CliTrainTest, HierarchicalSoftmaxTrainsAndWritesTheWordVectors) {
  int code;
  const std::string output = Train("--objective hs --model cbow", &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("objective hs"));
  EXPECT_THAT(testing::ReadFileOrDie(dir_ + "/vectors.txt"),
              ::testing::StartsWith("48 16\n"));
}

// Every check runs before the corpus is opened: a missing corpus would
// otherwise be the error reported.
TEST(CliTrainChecksTest, BadValuesAreNamedBeforeTheCorpusIsRead) {
  const std::string dir = testing::TempDir();
  const struct {
    std::string flags;
    std::string message;
  } cases[] = {
      {"--window -1", "--window must be in [1, 1000], got -1"},
      {"--window=0", "--window must be in [1, 1000], got 0"},
      {"--dim -3", "--dim must be in [1, 10000], got -3"},
      {"--negatives 0", "--negatives must be in [1, 100000], got 0"},
      {"--epochs 0", "--epochs must be in [1, 100000], got 0"},
      {"--threads 0", "--threads must be in [1, 1024], got 0"},
      {"--lr -0.5", "--lr must be > 0"},
      {"--sample -1e-3", "--sample must be >= 0"},
      {"--noise_power nan", "--noise_power must be in [0, 2], got nan"},
      {"--noise_power 3", "--noise_power must be in [0, 2], got 3"},
      {"--objective hinge",
       "--objective: unknown objective 'hinge'; known: softmax, sgns"},
      {"--model glove", "--model must be skipgram or cbow, got 'glove'"},
      {"--format csv", "--format must be text or binary, got 'csv'"},
      // A Huffman tree's inner nodes are no word's vectors, and it has no
      // biases: both refused before any work, not after training.
      {"--objective hs --output_vectors " + dir + "/o.txt",
       "--output_vectors: --objective hs has no output word vectors"},
      {"--objective hs --output_bias on",
       "--output_bias must be off for hs: it has no output biases"},
      {"--maxn 3 --minn 4", "--minn must be in [1, --maxn = 3], got 4"},
      {"--maxn 6 --minn 0", "--minn must be in [1, --maxn = 6], got 0"},
      {"--maxn 6 --bucket 0",
       "--bucket must be in [1, 1000000000] with n-grams (--maxn > 0), got 0"},
      {"--maxn -1", "--maxn must be >= 0 (0: no n-grams), got -1"},
      {"--output_model m.bin.gz",
       "--output_model m.bin.gz: fastText and gensim read .bin files "
       "uncompressed"},
  };
  for (const auto& c : cases) {
    int code;
    const std::string output =
        RunNce2vec(absl::StrCat("train --input ", dir, "/missing.txt --output ",
                                dir, "/v.txt ", c.flags),
                   &code);
    EXPECT_EQ(code, 2) << c.flags << ": " << output;
    EXPECT_THAT(output, HasSubstr(c.message)) << c.flags;
    EXPECT_THAT(output, Not(HasSubstr("missing.txt"))) << c.flags;
  }
}

TEST(CliTrainChecksTest, UnwritableOutputsFailBeforeTheCorpusIsRead) {
  const std::string dir = testing::TempDir();
  const std::string base = absl::StrCat("train --input ", dir, "/missing.txt ");
  int code;
  std::string output = RunNce2vec(base + "--output " + dir, &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr(absl::StrCat("--output=", dir,
                                             " is a folder; give a file")));
  output = RunNce2vec(base + "--output " + dir + "/no/such/v.txt", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("folder " + dir + "/no/such does not exist"));
  for (const std::string flag :
       {"output_vectors", "save_vocab", "report_json"}) {
    output = RunNce2vec(absl::StrCat(base, "--output ", dir, "/v.txt --", flag,
                                     " ", dir, "/none/x"),
                        &code);
    EXPECT_EQ(code, 2) << flag;
    EXPECT_THAT(output, HasSubstr(absl::StrCat("--", flag, "=", dir))) << flag;
  }
  output = RunNce2vec(absl::StrCat(base, "--output ", dir,
                                   "/v.txt --output_vectors ", dir, "/v.txt"),
                      &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--output and --output_vectors name the same"));
  // A folder we may not write to (root may write anywhere: skip then).
  if (geteuid() != 0) {
    const std::string locked = dir + "/locked";
    ASSERT_EQ(mkdir(locked.c_str(), 0555), 0);
    output = RunNce2vec(base + "--output " + locked + "/v.txt", &code);
    EXPECT_EQ(code, 1);
    EXPECT_THAT(output, HasSubstr("cannot create a file in " + locked));
  }
}

TEST_F(CliTrainTest, AnOutputNamingTheCorpusIsRefusedAndTheCorpusKept) {
  const std::string before = testing::ReadFileOrDie(corpus_);
  int code;
  const std::string output = RunNce2vec(
      absl::StrCat("train --input ", corpus_, " --output ", dir_,
                   "/./corpus.txt --min_count 1 --dim 16 --threads 1"),
      &code);
  EXPECT_NE(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("is the --input file"));
  EXPECT_EQ(testing::ReadFileOrDie(corpus_), before);
}

TEST_F(CliTrainTest, VocabularySharingNoWordWithTheCorpusIsAnError) {
  const std::string vocab =
      testing::WriteTempFile(dir_, "vocab.txt", "alpha 10\nbeta 5\n");
  int code;
  const std::string output = Train("--read_vocab " + vocab, &code);
  EXPECT_EQ(code, 1) << output;
  EXPECT_THAT(output, HasSubstr("no word of the vocabulary (2 words) occurs "
                                "in the corpus"));
  EXPECT_FALSE(Exists(dir_ + "/vectors.txt"));
}

TEST_F(CliTrainTest, PrintsTheMemoryEstimateAndHonoursTheLimit) {
  int code;
  std::string output = Train("--max_memory 1M", &code);
  EXPECT_EQ(code, 1);
  EXPECT_THAT(output, HasSubstr("max_memory"));
  EXPECT_THAT(output, HasSubstr("1.0 MiB"));
  EXPECT_FALSE(Exists(dir_ + "/vectors.txt"));
  output = Train("--max_memory 1G", &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("estimated memory "));
  output = Train("--max_memory 4X", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("max_memory"));
  EXPECT_THAT(output, HasSubstr("must be a size"));
}

// A learning rate far too large: the guard stops the run and nothing is
// written.
TEST_F(CliTrainTest, DivergenceStopsTheRunAndWritesNothing) {
  int code;
  const std::string output =
      Train("--objective contrastive --lr 10 --output_vectors " + dir_ +
                "/out.txt --report_json " + dir_ + "/run.json",
            &code);
  EXPECT_EQ(code, 1) << output;
  EXPECT_THAT(output, HasSubstr("training diverged at"));
  EXPECT_THAT(output, HasSubstr("lr (now 10)"));
  EXPECT_FALSE(Exists(dir_ + "/vectors.txt"));
  EXPECT_FALSE(Exists(dir_ + "/out.txt"));
  EXPECT_FALSE(Exists(dir_ + "/run.json"));
}

// Starts a run in the background, interrupts it once or twice once training
// has started (the memory estimate is printed just before), and returns
// its exit status. Waits at most 60 s for training to start: a run that
// exits first, or never gets there, is killed and reported with its log
// (returns -1).
int InterruptedRun(const std::string& dir, const std::string& args, int signals,
                   std::string* log) {
  const std::string log_path = dir + "/run.log";
  // Two SIGINTs sent at once may merge into one pending signal; a SIGTERM
  // and a SIGINT cannot.
  const std::string kill =
      signals == 1 ? "kill -INT $pid" : "kill -TERM $pid; kill -INT $pid";
  const std::string script = absl::StrCat(
      testing::Nce2vecBinary(), " ", args, " 2>", log_path,
      " & pid=$!; polls=0; while ! grep -q 'estimated memory' ", log_path,
      "; do if ! kill -0 $pid 2>/dev/null; then wait $pid; ",
      "echo exited-early rc=$?; exit; fi; polls=$((polls + 1)); ",
      "if [ $polls -ge 1200 ]; then kill -KILL $pid; echo timed-out; exit; ",
      "fi; sleep 0.05; done; sleep 0.5; ", kill, "; wait $pid; echo rc=$?");
  std::string output;
  testing::RunCommand(
      "sh " + testing::WriteTempFile(dir, "interrupt.sh", script), &output);
  *log = testing::ReadFileOrDie(log_path);
  if (output.find("exited-early") != std::string::npos ||
      output.find("timed-out") != std::string::npos) {
    ADD_FAILURE() << "training never started (" << output << "); its log:\n"
                  << *log;
    return -1;
  }
  const size_t rc = output.rfind("rc=");
  return rc == std::string::npos ? -1 : std::stoi(output.substr(rc + 3));
}

// A real SIGINT, then --resume: the result is bit-identical to a run that
// was never interrupted (one thread).
TEST(CliTrainResumeTest, InterruptedAndResumedRunIsBitIdentical) {
  const std::string dir = testing::TempDir();
  const std::string corpus =
      testing::WriteTempFile(dir, "corpus.txt", ClusterCorpus(50000));
  // Long enough to be interrupted 0.5 s in: under ASan a 10-word-sentence
  // epoch of it takes ~5 s here, so 2 epochs keep the three training runs
  // within its timeout.
  const int epochs = testing::kAddressSanitizer ? 2 : 20;
  const std::string args = absl::StrCat(
      "train --input ", corpus, " --min_count 1 --dim 16 --epochs ", epochs,
      " --threads 1 --sample 0 --output ");
  int code;
  std::string output = RunNce2vec(args + dir + "/full.txt", &code);
  ASSERT_EQ(code, 0) << output;

  std::string log;
  code = InterruptedRun(dir, args + dir + "/part.txt", 1, &log);
  ASSERT_EQ(code, 130) << log;
  EXPECT_THAT(log, HasSubstr("checkpoint " + dir + "/part.txt.ckpt written"));
  EXPECT_FALSE(Exists(dir + "/part.txt"));

  const std::string resume = "train --resume " + dir + "/part.txt.ckpt ";
  output = RunNce2vec(resume + "--dim 32", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--dim=32 conflicts with the checkpoint"));
  // A flag given at its default value is given: the run has dim 16.
  output = RunNce2vec(resume + "--dim 100", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output,
              HasSubstr("--dim=100 conflicts with the checkpoint " + dir +
                        "/part.txt.ckpt, whose run has "
                        "--dim=16"));
  output = RunNce2vec(resume + "--nologq_correction --threads 2", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--threads=2 conflicts"));
  output = RunNce2vec(resume + "--min_count 1", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--min_count: a resumed run keeps the "
                                "vocabulary of its checkpoint"));
  output = RunNce2vec(resume + "--input " + dir + "/other.txt", &code);
  EXPECT_EQ(code, 2);
  EXPECT_THAT(output, HasSubstr("--input=" + dir + "/other.txt conflicts"));
  // The flags that agree with the run, and --max_norm, which may change.
  output = RunNce2vec(resume + "--dim 16 --input " + corpus +
                          " --threads 1 --max_norm 500 --noise_power 0.75",
                      &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("max_norm 500"));
  EXPECT_EQ(testing::ReadFileOrDie(dir + "/full.txt"),
            testing::ReadFileOrDie(dir + "/part.txt"));
  // The finished run's checkpoint is gone: nothing offers to resume it.
  EXPECT_FALSE(Exists(dir + "/part.txt.ckpt"));

  // Periodic checkpoints (every 60 ms) stop and resume in-process the same
  // way, and change nothing either.
  output =
      RunNce2vec(args + dir + "/periodic.txt --checkpoint_every 0.001", &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("checkpoint " + dir + "/periodic.txt.ckpt"));
  EXPECT_EQ(testing::ReadFileOrDie(dir + "/full.txt"),
            testing::ReadFileOrDie(dir + "/periodic.txt"));
  EXPECT_THAT(output, HasSubstr("removed the checkpoint " + dir +
                                "/periodic.txt.ckpt: the run is complete"));
  EXPECT_FALSE(Exists(dir + "/periodic.txt.ckpt"));
}

// Two SIGINTs: exit at once with 130; whatever checkpoint exists is whole.
TEST(CliTrainResumeTest, SecondInterruptExitsAtOnce) {
  const std::string dir = testing::TempDir();
  const std::string corpus =
      testing::WriteTempFile(dir, "corpus.txt", ClusterCorpus(50000));
  std::string log;
  const int code = InterruptedRun(
      dir,
      absl::StrCat("train --input ", corpus, " --min_count 1 --dim 16 ",
                   "--epochs 20 --threads 1 --output ", dir, "/v.txt"),
      2, &log);
  EXPECT_EQ(code, 130) << log;
  EXPECT_THAT(log, HasSubstr("interrupted again: exiting now"));
  EXPECT_FALSE(Exists(dir + "/v.txt"));
  std::string temporaries;
  testing::RunCommand("ls " + dir + " | grep -c '[.]tmp[.]'", &temporaries);
  EXPECT_EQ(temporaries, "0\n");
  if (Exists(dir + "/v.txt.ckpt")) {
    int resumed;
    RunNce2vec("train --resume " + dir + "/v.txt.ckpt", &resumed);
    EXPECT_EQ(resumed, 0);
  }
}

// An OpenMP thread limit must not leave a shard untrained: every word of
// both shards is read (2 epochs x 20,000 tokens).
TEST_F(CliTrainTest, ThreadLimitStillTrainsEveryShard) {
  int code;
  const std::string output =
      RunNce2vec(absl::StrCat("train --input ", corpus_, " --output ", dir_,
                              "/vectors.txt --min_count 1 --dim 16 --epochs 2 ",
                              "--threads 2"),
                 &code, "OMP_THREAD_LIMIT=1 OMP_DYNAMIC=true ");
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("trained 40000 words")) << output;
}

// Each command takes exactly its own flags, and its help lists them.
TEST(CliHelpTest, HelpListsExactlyTheCommandsFlags) {
  const struct {
    std::string command;
    std::string flags;
  } cases[] = {
      {"vocab", "input max_vocab min_count save_vocab threads"},
      {"nn", "json k limit model_file queries vectors"},
      {"analogy", "json k limit method model_file queries vectors"},
      {"eval",
       "analogies eval_dir json limit model_file restrict_vocab similarity "
       "similarity_restrict_vocab vectors"},
      {"vectors", "model_file"},
  };
  for (const auto& c : cases) {
    int code;
    const std::string help = RunNce2vec("help " + c.command, &code);
    ASSERT_EQ(code, 0) << help;
    std::string flags;
    for (size_t at = help.find("\n  --"); at != std::string::npos;
         at = help.find("\n  --", at + 1)) {
      const size_t begin = at + 5;
      absl::StrAppend(&flags, flags.empty() ? "" : " ",
                      help.substr(begin, help.find(' ', begin) - begin));
    }
    EXPECT_EQ(flags, c.flags) << c.command;
  }
  int code;
  const std::string train = RunNce2vec("help train", &code);
  EXPECT_THAT(train, HasSubstr("  --resume "));
  EXPECT_THAT(train, HasSubstr("  --window "));
  EXPECT_THAT(train, HasSubstr("  --input "));
  EXPECT_THAT(train, Not(HasSubstr("  --sweep ")));
  EXPECT_THAT(RunNce2vec("train --sweep negatives=1", &code),
              HasSubstr("unknown flag --sweep for 'nce2vec train'"));
  EXPECT_EQ(code, 2);
}

// The flags that apply to some objectives name them from the registry, so
// that an objective added there is never missing from their help.
TEST(CliHelpTest, FlagsNameTheObjectivesTheRegistryGivesThem) {
  int code;
  const std::string help = RunNce2vec("help train", &code);
  ASSERT_EQ(code, 0) << help;
  // The help as one line: flag texts may wrap.
  const std::string text = absl::StrJoin(
      absl::StrSplit(help, absl::ByAnyChar(" \n"), absl::SkipEmpty()), " ");
  const std::string sampled =
      ObjectiveNames([](const ObjectiveInfo& info) { return info.sampled; });
  EXPECT_THAT(sampled, HasSubstr("triplet"));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("Noise words per positive (k) for ",
                                           sampled)));
  EXPECT_THAT(text, HasSubstr(absl::StrCat(
                        "The margin ε of ",
                        ObjectiveNames([](const ObjectiveInfo& info) {
                          return info.default_margin > 0;
                        }))));
  EXPECT_THAT(
      text, HasSubstr(absl::StrCat(
                "auto (on for ", ObjectiveNames([](const ObjectiveInfo& info) {
                  return info.default_output_bias;
                }),
                ")")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat(
                        ObjectiveNames([](const ObjectiveInfo& info) {
                          return info.in_batch_negatives;
                        }),
                        ": cursors per thread")));
}

}  // namespace
}  // namespace nce2vec
