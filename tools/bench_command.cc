// nce2vec bench: train every objective on the same corpus, settings and seed,
// and compare their cost (time, memory) with what they give (exact held-out
// likelihood, analogy and similarity scores). See src/bench/.
#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "src/bench/bench_output.h"
#include "src/bench/bench_plan.h"
#include "src/bench/bench_progress.h"
#include "src/bench/bench_runner.h"
#include "src/bench/heldout.h"
#include "src/bench/quality.h"
#include "src/bench/reference_cache.h"
#include "src/bench/repeats.h"
#include "src/bench/report.h"
#include "src/bench/sha256.h"
#include "src/objectives/registry.h"
#include "src/util/status_macros.h"
#include "tools/command.h"
#include "tools/corpus_flags.h"
#include "tools/eval_flags.h"
#include "tools/train_flags.h"
#include "tools/train_outputs.h"
#include "tools/version.h"

ABSL_FLAG(std::vector<std::string>, heldout, {},
          "Held-out corpus files, comma-separated: the exact log-likelihood "
          "of their skip-gram pairs (full --window) scores every model");
ABSL_FLAG(std::string, objectives, nce2vec::DefaultBenchObjectives(),
          "Objectives to train, comma-separated, one after another");
ABSL_FLAG(std::string, out, "",
          "Folder for results.json, results.csv and the plots (created if "
          "missing)");
ABSL_FLAG(int32_t, repeats, 1,
          "Train every run this many times, with seeds seed ... "
          "seed+repeats-1; the results give each figure's mean and standard "
          "deviation over the seeds");
ABSL_FLAG(std::string, reference_cache, "",
          "Folder (created if missing) keeping finished reference runs "
          "(softmax): a later bench with the same corpus, vocabulary, "
          "settings and binary scores the kept model instead of retraining");
ABSL_FLAG(std::string, sweep, "",
          "One training flag to sweep, FLAG=V1,V2,...: negatives or "
          "noise_power for the objectives that draw noise words, or dim, "
          "window, epochs, lr, sample, maxn for all (e.g. "
          "negatives=1,5,25,100; maxn=0,6 without and with n-grams)");

namespace nce2vec {

const FlagGroup& BenchFlags() {
  static const auto* group = new FlagGroup(
      MakeFlagGroup(FLAGS_heldout, FLAGS_objectives, FLAGS_out, FLAGS_sweep,
                    FLAGS_repeats, FLAGS_reference_cache));
  return *group;
}
namespace {

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The process's own argv, shell-quoted where needed, so that a result can
// be reproduced by pasting it.
std::string CommandLine() {
  std::FILE* f = std::fopen("/proc/self/cmdline", "rb");
  if (f == nullptr) return "";
  std::string raw;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), f)) > 0)
    raw.append(buffer, n);
  std::fclose(f);
  std::vector<std::string> args;
  for (size_t start = 0; start < raw.size();) {
    const size_t end = raw.find('\0', start);
    const std::string arg = raw.substr(start, end - start);
    const bool plain =
        !arg.empty() && arg.find_first_not_of(
                            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
                            "XYZ0123456789-_=.,/:+@%") == std::string::npos;
    std::string quoted = "'";
    for (char c : arg)
      quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    args.push_back(plain ? arg : quoted + "'");
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return absl::StrJoin(args, " ");
}

absl::StatusOr<std::vector<InputFile>> DescribeFiles(
    const std::vector<std::string>& paths) {
  std::vector<InputFile> files;
  for (const std::string& path : paths) {
    InputFile file;
    file.path = path;
    struct stat st;
    if (stat(path.c_str(), &st) == 0) file.bytes = st.st_size;
    ASSIGN_OR_RETURN(file.sha256, Sha256File(path));
    files.push_back(file);
  }
  return files;
}

// Checked before the corpora are read; the folder is created only once
// they open, so that a mistyped --input leaves nothing behind.
absl::Status CheckOutputFolder(const std::string& dir) {
  if (dir.empty()) {
    return absl::InvalidArgumentError(
        "--out is required: the folder for results.json, results.csv and "
        "the plots");
  }
  if (IsDirectory(dir))
    return ProbeOutputPaths({{"out", dir + "/results.json"}});
  return ProbeOutputPaths({{"out", dir}});
}

absl::Status CreateOutputFolder(const std::string& flag,
                                const std::string& dir) {
  if (!IsDirectory(dir) && mkdir(dir.c_str(), 0777) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " ", dir,
                     ": cannot create the folder: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// The sets of --eval_dir (or the default folder); with none anywhere the
// bench still runs and only the quality columns stay empty.
absl::StatusOr<EvalSets> FindQualitySets(std::string* dir) {
  const absl::StatusOr<EvalSetFiles> found = EvalSetsFromFlags();
  if (absl::IsNotFound(found.status())) {
    EvalSets none;
    none.notes.push_back(
        absl::StrCat("quality not scored: ", found.status().message()));
    return none;
  }
  RETURN_IF_ERROR(found.status());
  *dir = found->dir;
  return QualitySets(*found);
}

// Everything the flags say, checked before any corpus is read.
struct BenchSetup {
  std::vector<PlannedRun> runs;
  std::vector<bool> output_bias;  // per run
  TrainConfig base;
  Sweep sweep;
  std::string out;
  std::vector<std::string> heldout;
  int repeats = 1;
  std::string reference_cache;  // "" without a cache
};

absl::StatusOr<BenchSetup> SetupFromFlags(const Invocation& invocation) {
  if (invocation.Given("objective")) {
    return absl::InvalidArgumentError(
        "--objective is for 'nce2vec train'; the bench trains every "
        "objective of --objectives");
  }
  BenchSetup setup;
  ASSIGN_OR_RETURN(const std::vector<std::string> objectives,
                   ParseObjectiveList(absl::GetFlag(FLAGS_objectives)));
  ASSIGN_OR_RETURN(setup.sweep, ParseSweep(absl::GetFlag(FLAGS_sweep)));
  ASSIGN_OR_RETURN(setup.base, TrainConfigFromFlags());
  RETURN_IF_ERROR(MaxMemoryFromFlags().status());
  ASSIGN_OR_RETURN(setup.runs, PlanRuns(setup.base, objectives, setup.sweep,
                                        absl::GetFlag(FLAGS_lr) > 0));
  for (PlannedRun& run : setup.runs) {
    ASSIGN_OR_RETURN(run.config.objective_options.output_bias,
                     OutputBiasFromFlags(run.config));
    RETURN_IF_ERROR(run.config.Validate());
    setup.output_bias.push_back(run.config.objective_options.output_bias);
  }
  setup.heldout = absl::GetFlag(FLAGS_heldout);
  if (setup.heldout.empty()) {
    return absl::InvalidArgumentError(
        "--heldout is required: a held-out corpus whose skip-gram pairs "
        "score every model");
  }
  setup.out = absl::GetFlag(FLAGS_out);
  setup.repeats = absl::GetFlag(FLAGS_repeats);
  if (setup.repeats < 1 || setup.repeats > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("--repeats must be in [1, 1000], got ", setup.repeats));
  }
  setup.reference_cache = absl::GetFlag(FLAGS_reference_cache);
  if (!setup.reference_cache.empty() && !IsDirectory(setup.reference_cache)) {
    RETURN_IF_ERROR(
        ProbeOutputPaths({{"reference_cache", setup.reference_cache}}));
  }
  return setup;
}

// One run's figures on stderr as it finishes.
void PrintRunSummary(const RunRecord& record) {
  if (!record.failure.empty()) {
    absl::FPrintF(stderr, "  %s; going on with the next run\n", record.failure);
    return;
  }
  const std::string trained =
      record.cached
          ? absl::StrFormat("cached (trained in %.1f s)", record.train.seconds)
          : absl::StrFormat("trained in %.1f s", record.train.seconds);
  const std::string false_negatives =
      std::isfinite(record.false_negative_rate)
          ? absl::StrFormat(", in-batch false negatives %.2f%%",
                            100 * record.false_negative_rate)
          : "";
  if (!std::isfinite(record.heldout.perplexity)) {
    absl::FPrintF(stderr,
                  "  %s%s, no held-out likelihood (distance scores), scored "
                  "in %.1f s\n",
                  trained, false_negatives, record.eval_seconds);
  } else {
    absl::FPrintF(stderr,
                  "  %s%s, held-out perplexity %.2f (Z = 1: %.2f), log Z "
                  "%.3f ± %.3f, scored in %.1f s\n",
                  trained, false_negatives, record.heldout.perplexity,
                  record.heldout.perplexity_self_normalized,
                  record.heldout.log_z_mean, record.heldout.log_z_std,
                  record.eval_seconds);
  }
}

void PrintNotes(const std::vector<std::string>& notes) {
  for (const std::string& note : notes) {
    absl::FPrintF(stderr, "note: %s\n", note);
  }
}

}  // namespace

absl::Status RunBench(const Invocation& invocation) {
  const std::vector<char*>& args = invocation.args;
  if (!args.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", args[0], "'"));
  }
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(BenchSetup setup, SetupFromFlags(invocation));
  // The outputs before the corpora: opening a gzip corpus inflates it.
  RETURN_IF_ERROR(CheckOutputFolder(setup.out));
  const std::string save_vocab = absl::GetFlag(FLAGS_save_vocab);
  RETURN_IF_ERROR(ProbeOutputPaths({{"save_vocab", save_vocab}}));
  ASSIGN_OR_RETURN(Corpus corpus, OpenCorpusFromFlags());
  ASSIGN_OR_RETURN(Corpus heldout_corpus, Corpus::Open(setup.heldout));
  RETURN_IF_ERROR(CreateOutputFolder("out", setup.out));
  if (!setup.reference_cache.empty()) {
    RETURN_IF_ERROR(
        CreateOutputFolder("reference_cache", setup.reference_cache));
  }
  BenchReport report;
  ASSIGN_OR_RETURN(const EvalSets eval_sets, FindQualitySets(&report.eval_dir));
  if (eval_sets.empty()) report.eval_dir.clear();

  report.command_line = CommandLine();
  report.version = std::string(Version());
  report.build = BuildOptionsLine();
  report.started_utc =
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", start, absl::UTCTimeZone());
  report.seed = setup.base.seed;
  report.threads = setup.base.threads;
  report.model = std::string(ModelTypeName(setup.base.model));
  report.sweep = setup.sweep;
  report.notes = eval_sets.notes;
  if (setup.base.model == ModelType::kCbow) {
    report.notes.push_back(
        "--model=cbow: the held-out figures score skip-gram pairs p(c|w) "
        "from one input vector, which CBOW does not train");
  }
  report.notes.push_back(
      "peak_rss_mb: resident memory of the whole process (vocabulary and "
      "held-out data included) from model creation to the end of training");
  PrintNotes(report.notes);

  absl::FPrintF(stderr, "checksumming the corpora (SHA-256)...\n");
  ASSIGN_OR_RETURN(report.train_files, DescribeFiles(corpus.paths()));
  ASSIGN_OR_RETURN(report.heldout_files, DescribeFiles(heldout_corpus.paths()));
  ASSIGN_OR_RETURN(const Vocab vocab, LoadOrBuildVocab(corpus));
  if (!save_vocab.empty()) RETURN_IF_ERROR(vocab.Save(save_vocab));
  report.vocab_size = vocab.size();
  report.train_tokens = vocab.total_count();

  ASSIGN_OR_RETURN(
      const HeldoutPairs heldout,
      HeldoutPairs::Read(heldout_corpus, vocab, setup.base.window));
  report.heldout_window = heldout.window();
  report.heldout_tokens = heldout.tokens();
  report.heldout_oov_tokens = heldout.oov_tokens();
  report.heldout_pairs = heldout.pairs();
  report.heldout_oov_pairs = heldout.oov_pairs();
  absl::FPrintF(stderr,
                "held-out: %d tokens (%d out of the vocabulary); %d skip-gram "
                "pairs within the full window %d scored, %d excluded for a "
                "word out of the vocabulary\n",
                heldout.tokens(), heldout.oov_tokens(), heldout.pairs(),
                heldout.window(), heldout.oov_pairs());

  // Every run is checked before the first starts: a sweep must not be
  // refused half-way.
  for (size_t i = 0; i < setup.runs.size(); ++i) {
    RETURN_IF_ERROR(
        CheckMemory(setup.runs[i].config, vocab, setup.output_bias[i]));
  }
  const ReferenceCache cache(setup.reference_cache);
  BenchInputs inputs{.corpus = corpus,
                     .vocab = vocab,
                     .heldout = heldout,
                     .eval_sets = eval_sets,
                     .reference_cache = nullptr,
                     .train_files = nullptr,
                     .binary_identity = ""};
  if (!setup.reference_cache.empty()) {
    inputs.reference_cache = &cache;
    inputs.train_files = &report.train_files;
    ASSIGN_OR_RETURN(inputs.binary_identity, RunningBinaryIdentity(Version()));
  }
  // Each planned run once per seed, the repeats of a run one after another.
  std::vector<PlannedRun> trained;
  for (const PlannedRun& run : setup.runs) {
    for (int r = 0; r < setup.repeats; ++r) {
      trained.push_back(run);
      trained.back().config.seed = setup.base.seed + r;
    }
  }
  BenchProgress progress(trained, stderr);
  std::vector<std::string> svgs;
  std::vector<std::string> failed;
  for (size_t i = 0; i < setup.runs.size(); ++i) {
    std::vector<RunRecord> repeats;
    for (int r = 0; r < setup.repeats; ++r) {
      const int index = static_cast<int>(i) * setup.repeats + r;
      const PlannedRun& run = trained[index];
      absl::FPrintF(
          stderr, "%s%s\n", progress.RunTitle(index),
          setup.repeats > 1 ? absl::StrCat("  seed ", run.config.seed) : "");
      ASSIGN_OR_RETURN(RunRecord record, RunOne(run, setup.output_bias[i],
                                                inputs, index, progress));
      if (index == 0) {
        for (const std::string& w : record.quality.warnings) {
          absl::FPrintF(stderr, "warning: %s\n", w);
        }
      }
      PrintRunSummary(record);
      repeats.push_back(std::move(record));
    }
    RunRecord combined = CombineRepeats(std::move(repeats));
    if (!combined.failure.empty()) failed.push_back(combined.plan.label);
    report.runs.push_back(std::move(combined));
    report.total_seconds = absl::ToDoubleSeconds(absl::Now() - start);
    ASSIGN_OR_RETURN(svgs, WriteBenchResults(report, setup.out));
  }
  std::vector<std::string> notes;
  const std::vector<std::string> pngs = WritePngCopies(svgs, &notes);
  PrintNotes(notes);

  std::printf("%s\n", MarkdownTable(report).c_str());
  std::printf(
      "%d runs in %s; results in %s/results.json and results.csv; "
      "plots: %s\n",
      static_cast<int>(report.runs.size()),
      FormatSeconds(report.total_seconds).c_str(), setup.out.c_str(),
      absl::StrJoin(pngs.empty() ? svgs : pngs, ", ").c_str());
  if (!failed.empty()) {
    // Everything is written; the exit status still tells a script that the
    // results are incomplete.
    return absl::AbortedError(absl::StrCat(
        failed.size(), " of ", report.runs.size(),
        " runs diverged and have no figures: ", absl::StrJoin(failed, ", "),
        " (their messages are under the table)"));
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
