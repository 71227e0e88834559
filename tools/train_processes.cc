#include "tools/train_processes.h"

#include <chrono>
#include <thread>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/distributed/run_state.h"
#include "src/distributed/shared_vocab.h"
#include "src/distributed/world.h"
#include "src/objectives/registry.h"
#include "src/trainer/progress_printer.h"
#include "src/util/status_macros.h"
#include "tools/train_flags.h"

ABSL_FLAG(double, sync_seconds, 0.1,
          "Under mpirun: seconds between two merges of the processes' models "
          "(see the README's cluster section)");
ABSL_FLAG(int64_t, sync_rows, 1024,
          "Under mpirun: the most frequent words' rows merged at every sync; "
          "twice as many every second sync, four times every fourth, up to "
          "the whole vocabulary");
ABSL_FLAG(bool, sync_average, false,
          "Under mpirun: merge the processes' models by averaging them "
          "(pWord2Vec) instead of adding up their changes; each process's "
          "updates then count 1/processes");

namespace nce2vec {

const FlagGroup& ProcessFlags() {
  static const auto* group = new FlagGroup(
      MakeFlagGroup(FLAGS_sync_seconds, FLAGS_sync_rows, FLAGS_sync_average));
  return *group;
}

namespace {

// Such an objective's processes' output matrices drift apart everywhere at
// once.
bool UpdatesEveryOutputRow(const TrainConfig& config) {
  const ObjectiveInfo* info = FindObjective(config.objective);
  return info != nullptr && info->updates_every_output_row;
}

}  // namespace

TrainProcesses::TrainProcesses(std::unique_ptr<Communicator> comm,
                               SyncOptions options, std::FILE* log)
    : comm_(std::move(comm)), options_(options), log_(log) {}

TrainProcesses::~TrainProcesses() {
  if (log_ != stderr) std::fclose(log_);
}

absl::StatusOr<std::unique_ptr<TrainProcesses>> TrainProcesses::Join() {
  ASSIGN_OR_RETURN(std::unique_ptr<Communicator> comm, JoinProcesses());
  std::FILE* log = stderr;
  if (comm->rank() != 0) {
    log = std::fopen("/dev/null", "w");
    if (log == nullptr) {
      return absl::InternalError("cannot open /dev/null for writing");
    }
  }
  SyncOptions options;
  options.sync_seconds = absl::GetFlag(FLAGS_sync_seconds);
  options.sync_rows = absl::GetFlag(FLAGS_sync_rows);
  options.sync_average = absl::GetFlag(FLAGS_sync_average);
  return std::unique_ptr<TrainProcesses>(
      new TrainProcesses(std::move(comm), options, log));
}

absl::Status TrainProcesses::ValidateFlags() const {
  return options_.Validate();
}

absl::Status TrainProcesses::Agree(const absl::Status& mine) {
  return nce2vec::Agree(*comm_, mine);
}

absl::Status TrainProcesses::Finish(absl::Status status) {
  if (!many()) return status;
  // A failure agreed on earlier is already every process's; anything else
  // is agreed on now, which also waits for a process that failed alone.
  if (!IsAgreed(status)) status = Agree(status);
  if (!status.ok() && !writes()) {
    // mpirun aborts the whole job when the first process exits non-zero;
    // one exiting before rank 0 has printed the failure could take its
    // message with it (seen under load).
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    status = ReportedElsewhere(status);
  }
  return status;
}

absl::Status TrainProcesses::CheckResume(const Checkpoint& ckpt,
                                         const std::string& path) const {
  const int processes =
      static_cast<int>(ckpt.state.workers.size()) / ckpt.config.threads;
  if (ckpt.state.workers.empty() || processes == comm_->size()) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--resume: the checkpoint ", path, " holds a run of ", processes,
      processes == 1 ? " process" : " processes", " x ", ckpt.config.threads,
      " threads, each thread with its own shard; this run has ", comm_->size(),
      comm_->size() == 1 ? " process" : " processes", ": resume it ",
      processes == 1 ? "without mpirun"
                     : absl::StrCat("with mpirun -np ", processes)));
}

absl::StatusOr<Vocab> TrainProcesses::LoadOrBuildVocab(const Corpus& corpus) {
  if (!many()) return nce2vec::LoadOrBuildVocab(corpus);
  return nce2vec::LoadOrBuildVocab(
      corpus,
      [this](const Corpus& corpus, const VocabOptions& options,
             VocabStats* stats) {
        return BuildSharedVocab(*comm_, corpus, options, stats);
      },
      log_);
}

absl::Status TrainProcesses::CheckSameVocab(const Vocab& vocab) {
  if (!many()) return absl::OkStatus();
  RETURN_IF_ERROR(Agree(absl::OkStatus()));
  return CheckSameEverywhere(*comm_, "the vocabulary", VocabBytes(vocab));
}

absl::Status TrainProcesses::CheckSameModel(const EmbeddingModel& model) {
  if (!many()) return absl::OkStatus();
  RETURN_IF_ERROR(Agree(absl::OkStatus()));
  // The input rows alone: the output rows start at zero and the biases
  // from the vocabulary's counts.
  return CheckSameEverywhere(
      *comm_, "the model",
      absl::string_view(reinterpret_cast<const char*>(model.input.data()),
                        model.input.bytes()));
}

uint64_t TrainProcesses::MergingBytes(const TrainConfig& config,
                                      const Vocab& vocab,
                                      bool output_bias) const {
  if (!many()) return 0;
  const ObjectiveInfo* info = FindObjective(config.objective);
  const int64_t output_rows =
      info != nullptr ? info->output_rows(vocab.size()) : vocab.size();
  // The base copy holds every row a merge may take, the n-gram rows too.
  return ModelMerger::MemoryBytes(vocab.size(), output_rows, config.dim,
                                  output_bias, config.subwords.ngram_rows());
}

absl::StatusOr<TrainHooks> TrainProcesses::Hooks(const TrainConfig& config,
                                                 const Vocab& vocab,
                                                 EmbeddingModel& model) {
  TrainHooks hooks =
      writes() ? ProgressPrinterHooks(stderr, config.objective) : TrainHooks{};
  if (many()) {
    // Created once, before the first training: the model is then the same
    // on every process (CheckSameModel), the base of the merges.
    if (sync_ == nullptr) {
      ASSIGN_OR_RETURN(sync_, ModelSync::Create(*comm_, model, config.threads,
                                                options_, vocab.total_count(),
                                                UpdatesEveryOutputRow(config)));
    }
    hooks.companion = sync_.get();
  }
  return hooks;
}

absl::Status TrainProcesses::GatherState(const TrainConfig& config,
                                         TrainState& state) {
  RETURN_IF_ERROR(Agree(absl::OkStatus()));
  return GatherWorkerStates(*comm_, config.threads, state);
}

std::string TrainProcesses::SyncSummary() const {
  if (sync_ == nullptr) return "";
  const SyncStats& stats = sync_->stats();
  return absl::StrFormat(
      "%d processes: %d syncs (%d of every row), %.2f s exchanging and "
      "merging, %.2f s of it waiting for the other processes; %.1f MB "
      "summed by each process",
      comm_->size(), stats.syncs, stats.full_syncs, stats.seconds,
      stats.wait_seconds, 4e-6 * static_cast<double>(stats.floats));
}

void TrainProcesses::AddToReport(JsonObject& report) const {
  if (sync_ == nullptr) return;
  const SyncStats& stats = sync_->stats();
  report.Add("processes", comm_->size())
      .Add("sync_every_seconds", options_.sync_seconds)
      .Add("sync_rows", options_.sync_rows)
      .Add("sync_average", options_.sync_average)
      .Add("syncs", stats.syncs)
      .Add("full_syncs", stats.full_syncs)
      .Add("seconds_in_syncs", stats.seconds)
      .Add("seconds_waiting_in_syncs", stats.wait_seconds)
      .Add("bytes_summed_per_process", static_cast<int64_t>(4 * stats.floats));
}

}  // namespace nce2vec
