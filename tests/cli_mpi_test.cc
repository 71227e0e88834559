// `nce2vec train` under mpirun: two processes train one run on the planted-
// cluster corpus (tests/planted_clusters.h). Skipped, saying why, when this
// build has no MPI or mpirun is not installed.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/model/vectors_io.h"
#include "tests/planted_clusters.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Clock = std::chrono::steady_clock;

#if defined(__SANITIZE_ADDRESS__)
#define NCE2VEC_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NCE2VEC_TEST_ASAN 1
#endif
#endif

// Every test process runs as root in CI's containers, which mpirun refuses
// without the flag; --oversubscribe lets 2 processes share fewer cores.
// Open MPI leaves memory allocated at MPI_Finalize (partly in components it
// has unloaded by then), which LeakSanitizer reports in every process of an
// ASan build: its leak check is off for the processes mpirun starts, and
// only for them (the in-process tests of src/distributed/ keep it).
#ifdef NCE2VEC_TEST_ASAN
constexpr char kMpirun[] =
    "env ASAN_OPTIONS=\"$ASAN_OPTIONS:detect_leaks=0\" "
    "mpirun --allow-run-as-root --oversubscribe";
#else
constexpr char kMpirun[] = "mpirun --allow-run-as-root --oversubscribe";
#endif

std::string MpirunMissing() {
#if !NCE2VEC_HAVE_MPI
  return "this nce2vec was built without MPI (CMake found no Open MPI)";
#else
  std::string output;
  if (testing::RunCommand("command -v mpirun", &output) != 0) {
    return "mpirun is not installed (apt-get install openmpi-bin)";
  }
  return "";
#endif
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// mpirun started in the background, its output to `log`.
class Job {
 public:
  explicit Job(const std::string& command, const std::string& log) {
    pid_ = fork();
    if (pid_ == 0) {
      execl("/bin/sh", "sh", "-c",
            absl::StrCat("exec ", command, " > ", log, " 2>&1").c_str(),
            nullptr);
      _exit(127);
    }
  }
  ~Job() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  // The pid of the process of rank `rank`, once mpirun has started it.
  pid_t Rank(int rank) const {
    const std::string want = absl::StrCat("OMPI_COMM_WORLD_RANK=", rank);
    for (const Clock::time_point start = Clock::now();
         Clock::now() - start < std::chrono::seconds(60);
         std::this_thread::sleep_for(std::chrono::milliseconds(20))) {
      for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) {
          continue;
        }
        std::ifstream stat_file(entry.path() / "stat");
        std::string stat;
        std::getline(stat_file, stat);
        // "pid (comm) state ppid ...": comm may hold spaces, not ')'.
        const size_t paren = stat.rfind(')');
        if (paren == std::string::npos) continue;
        const std::vector<std::string> fields =
            absl::StrSplit(stat.substr(paren + 2), ' ');
        if (fields.size() < 2 || fields[1] != absl::StrCat(pid_)) continue;
        std::ifstream environ_file(entry.path() / "environ", std::ios::binary);
        const std::string environ(std::istreambuf_iterator<char>(environ_file),
                                  {});
        for (absl::string_view variable : absl::StrSplit(environ, '\0')) {
          if (variable == want) return std::stoi(name);
        }
      }
    }
    return -1;
  }

  void Signal(int signal) const { kill(pid_, signal); }

  // mpirun's exit code; -1 if it was still running after 120 s.
  int Wait() {
    for (const Clock::time_point start = Clock::now();
         Clock::now() - start < std::chrono::seconds(120);
         std::this_thread::sleep_for(std::chrono::milliseconds(20))) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
    }
    return -1;
  }

 private:
  pid_t pid_;
};

// Waits (up to a minute) until the file `log` holds `text`.
void WaitFor(const std::string& log, absl::string_view text) {
  for (const Clock::time_point start = Clock::now();
       !absl::StrContains(testing::ReadFileOrDie(log), text) &&
       Clock::now() - start < std::chrono::seconds(60);) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

class CliMpiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string missing = MpirunMissing(); !missing.empty()) {
      GTEST_SKIP() << missing;
    }
    dir_ = testing::TempDir();
    corpus_ = testing::WriteTempFile(dir_, "corpus.txt",
                                     testing::MakeClusterCorpus(6000, 17));
  }

  // mpirun -np `processes` nce2vec train on the corpus; `flags` may
  // override any flag.
  std::string TrainCommand(int processes, const std::string& flags) const {
    return absl::StrCat(kMpirun, " -np ", processes, " ",
                        testing::Nce2vecBinary(), " train --input ", corpus_,
                        " --output ", dir_, "/vectors.txt --min_count 1 ",
                        "--dim 20 --epochs 3 --threads 2 --sample 0 --lr 0.05 ",
                        "--sync_seconds 0.01 --sync_rows 16 ", flags);
  }

  std::string Train(int processes, const std::string& flags, int* code) {
    std::string output;
    *code = testing::RunCommand(TrainCommand(processes, flags), &output);
    return output;
  }

  double ClusterAccuracy() const {
    const absl::StatusOr<WordVectors> vectors =
        ReadVectors(dir_ + "/vectors.txt");
    if (!vectors.ok()) return 0;
    return testing::NeighbourAccuracy(vectors->vectors, vectors->words);
  }

  // The names of the files in dir_, but the corpus.
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      const std::string name = entry.path().filename();
      if (name != "corpus.txt") names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string dir_;
  std::string corpus_;
};

TEST_F(CliMpiTest, TwoProcessesTrainOneModelAndRankZeroWritesIt) {
  int code;
  const std::string output = Train(
      2,
      absl::StrCat("--save_vocab ", dir_, "/vocab.txt --output_vectors ", dir_,
                   "/context.txt --report_json ", dir_, "/run.json"),
      &code);
  ASSERT_EQ(code, 0) << output;
  // One process prints: every line once.
  EXPECT_EQ(Count(output, "vocabulary: 80 words"), 1) << output;
  EXPECT_EQ(Count(output, "trained 1"), 1) << output;
  EXPECT_THAT(output, HasSubstr("(2 processes)"));
  EXPECT_THAT(output, HasSubstr("2 processes: "));
  EXPECT_THAT(output, Not(HasSubstr("error")));
  EXPECT_THAT(Files(), ::testing::ElementsAre("context.txt", "run.json",
                                              "vectors.txt", "vocab.txt"));
  const std::string report = testing::ReadFileOrDie(dir_ + "/run.json");
  EXPECT_THAT(report, HasSubstr("\"threads\": 2"));
  EXPECT_THAT(report, HasSubstr("\"processes\": 2"));
  EXPECT_THAT(report, HasSubstr("\"seconds_in_syncs\": "));
  EXPECT_GE(ClusterAccuracy(), 0.95);
}

// The objectives and models whose rows are not one per word: hs's output
// rows are the tree's inner nodes (it crashed under mpirun once), a
// subword model's input rows go on with the n-gram buckets. Rank 0 writes
// the model file, whose n-grams answer a word no process ever read.
TEST_F(CliMpiTest, TreeAndSubwordModelsTrainAcrossProcesses) {
  int code;
  std::string output = Train(2, "--objective hs", &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_GE(ClusterAccuracy(), 0.9);

  const std::string model = dir_ + "/model.bin";
  output = Train(
      2, absl::StrCat("--minn 2 --maxn 4 --bucket 3000 --output_model ", model),
      &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(Files(), ::testing::ElementsAre("model.bin", "vectors.txt"));
  EXPECT_GE(ClusterAccuracy(), 0.9);
  // c3w9 is not in the corpus (words are c0w0 .. c9w7); its n-grams are
  // its cluster's.
  const std::string queries =
      testing::WriteTempFile(dir_, "queries.txt", "c3w9\n");
  const int nn = testing::RunCommand(
      absl::StrCat(testing::Nce2vecBinary(), " nn --model_file ", model,
                   " --queries ", queries, " --k 3"),
      &output);
  ASSERT_EQ(nn, 0) << output;
  // Lines "c3w9 <tab> rank <tab> answer <tab> cosine": three answers, all
  // of cluster 3.
  EXPECT_EQ(Count(output, "\tc3w"), 3) << output;
}

// Each process reads its own --read_vocab: they must hold the same one.
TEST_F(CliMpiTest, ProcessesWithDifferentVocabulariesDoNotTrain) {
  std::string words;
  for (int c = 0; c < testing::kClusters; ++c) {
    for (int w = 0; w < testing::kWordsPerCluster; ++w) {
      absl::StrAppend(&words, testing::ClusterWord(c, w), " 10\n");
    }
  }
  const std::string a = testing::WriteTempFile(dir_, "a.vocab", words);
  const std::string b =
      testing::WriteTempFile(dir_, "b.vocab", words + "extra 1\n");
  const std::string flags =
      absl::StrCat("train --input ", corpus_, " --output ", dir_,
                   "/vectors.txt --threads 1 --read_vocab ");
  std::string output;
  const int code = testing::RunCommand(
      absl::StrCat(kMpirun, " -np 1 ", testing::Nce2vecBinary(), " ", flags, a,
                   " : -np 1 ", testing::Nce2vecBinary(), " ", flags, b),
      &output);
  EXPECT_EQ(code, 1) << output;
  EXPECT_EQ(Count(output, "the vocabulary differs between the processes"), 1)
      << output;
  EXPECT_FALSE(Exists(dir_ + "/vectors.txt"));
}

TEST_F(CliMpiTest, AFailingProcessStopsEveryProcessAndNothingIsWritten) {
  int code;
  // A bad flag: every process refuses it, rank 0 says so once.
  std::string output = Train(2, "--window -1", &code);
  EXPECT_EQ(code, 2) << output;
  EXPECT_EQ(Count(output, "--window must be in [1, 1000], got -1"), 1)
      << output;
  // A NUL byte in the shards of rank 1 (the second half of the corpus),
  // found by its workers: counting is skipped with --read_vocab.
  ASSERT_EQ(Train(1, absl::StrCat("--save_vocab ", dir_, "/vocab.txt"), &code)
                .find("error"),
            std::string::npos);
  std::filesystem::remove(dir_ + "/vectors.txt");
  std::string text = testing::ReadFileOrDie(corpus_);
  text[text.size() * 7 / 8] = '\0';
  corpus_ = testing::WriteTempFile(dir_, "corpus.txt", text);
  output = Train(2, absl::StrCat("--read_vocab ", dir_, "/vocab.txt"), &code);
  EXPECT_EQ(code, 1) << output;
  EXPECT_EQ(Count(output, "nce2vec train: error: rank 1 of 2: "), 1) << output;
  EXPECT_THAT(output, HasSubstr("NUL byte"));
  EXPECT_THAT(Files(), ::testing::ElementsAre("vocab.txt"));
}

// Interrupted (a signal to one process, then to mpirun), killed, refused
// with another number of processes, and resumed: the checkpoint survives
// until the run completes.
TEST_F(CliMpiTest, InterruptedProcessesStopTogetherAndResumeTogether) {
  const std::string log = dir_ + "/log.txt";
  const std::string checkpoint = dir_ + "/vectors.txt.ckpt";
  // Long enough (several seconds) to be under way when signalled.
  const std::string long_run = "--epochs 100 --dim 8";
  {
    Job job(TrainCommand(2, long_run), log);
    const pid_t rank1 = job.Rank(1);
    ASSERT_GT(rank1, 0);
    // Past the vocabulary and the memory estimate: training.
    WaitFor(log, "estimated memory");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    kill(rank1, SIGINT);
    EXPECT_EQ(job.Wait(), 130);
  }
  const std::string interrupted = testing::ReadFileOrDie(log);
  EXPECT_EQ(Count(interrupted,
                  "interrupted; continue with: nce2vec train "
                  "--resume "),
            1)
      << interrupted;
  EXPECT_THAT(Files(), ::testing::ElementsAre("log.txt", "vectors.txt.ckpt"));
  const std::string resume =
      absl::StrCat(testing::Nce2vecBinary(), " train --resume ", checkpoint,
                   " --sync_seconds 0.01");

  // SIGUSR1 to mpirun, which forwards it to every process (SIGINT and
  // SIGTERM it turns into killing them): the same stop, a later checkpoint.
  const std::string first = testing::ReadFileOrDie(checkpoint);
  {
    Job job(absl::StrCat(kMpirun, " -np 2 ", resume), log);
    WaitFor(log, "resuming from");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    job.Signal(SIGUSR1);
    EXPECT_EQ(job.Wait(), 130);
  }
  EXPECT_EQ(Count(testing::ReadFileOrDie(log), "interrupted; continue with"),
            1);
  const std::string saved = testing::ReadFileOrDie(checkpoint);
  EXPECT_NE(saved, first);

  // A process killed: the job stops, the checkpoint stays as it was.
  {
    Job job(absl::StrCat(kMpirun, " -np 2 ", resume), log);
    const pid_t rank1 = job.Rank(1);
    ASSERT_GT(rank1, 0);
    WaitFor(log, "resuming from");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(rank1, SIGKILL);
    EXPECT_NE(job.Wait(), 0);
  }
  EXPECT_EQ(testing::ReadFileOrDie(checkpoint), saved);
  EXPECT_FALSE(Exists(dir_ + "/vectors.txt"));

  std::string output;
  EXPECT_EQ(
      testing::RunCommand(absl::StrCat(kMpirun, " -np 3 ", resume), &output),
      2);
  EXPECT_EQ(Count(output, "holds a run of 2 processes x 2 threads"), 1)
      << output;
  EXPECT_THAT(output, HasSubstr("resume it with mpirun -np 2"));
  EXPECT_EQ(testing::RunCommand(resume, &output), 2);
  EXPECT_THAT(output, HasSubstr("this run has 1 process: resume it with "
                                "mpirun -np 2"));

  ASSERT_EQ(
      testing::RunCommand(absl::StrCat(kMpirun, " -np 2 ", resume), &output), 0)
      << output;
  EXPECT_THAT(output, HasSubstr("removed the checkpoint"));
  EXPECT_FALSE(Exists(checkpoint));
  EXPECT_GE(ClusterAccuracy(), 0.95);
}

}  // namespace
}  // namespace nce2vec
