// nce2vec train: learn word vectors from a corpus and write them out.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "src/model/embedding_model.h"
#include "src/model/vectors_io.h"
#include "src/objectives/registry.h"
#include "src/trainer/checkpoint.h"
#include "src/trainer/divergence_guard.h"
#include "src/trainer/progress_printer.h"
#include "src/trainer/trainer.h"
#include "src/util/atomic_file.h"
#include "src/util/json.h"
#include "src/util/status_macros.h"
#include "tools/command.h"
#include "tools/corpus_flags.h"
#include "tools/train_flags.h"
#include "tools/train_outputs.h"
#include "tools/train_signals.h"

ABSL_FLAG(std::string, output, "",
          "Where to write the word (input) vectors; '.gz' compresses");
ABSL_FLAG(std::string, format, "text", "Vector file format: text or binary");
ABSL_FLAG(std::string, output_vectors, "",
          "Also write the output (context) vectors here");
ABSL_FLAG(std::string, report_json, "", "Write a JSON summary of the run here");
ABSL_FLAG(std::string, checkpoint, "",
          "Where an interrupted (SIGINT, SIGTERM) or periodic checkpoint is "
          "written; default: --output plus .ckpt");
ABSL_FLAG(double, checkpoint_every, 0,
          "Also write a checkpoint every this many minutes; 0: only when "
          "interrupted");
ABSL_FLAG(std::string, resume, "",
          "Continue the run a checkpoint holds; its flags apply, and giving "
          "one of them another value is an error");

namespace nce2vec {
namespace {

// The flags that shape a run, recorded in its checkpoint: a resume takes
// them from there, and one given again with another value is an error.
constexpr const char* kRunFlags[] = {"input",
                                     "min_count",
                                     "max_vocab",
                                     "read_vocab",
                                     "threads",
                                     "model",
                                     "objective",
                                     "dim",
                                     "window",
                                     "negatives",
                                     "sample",
                                     "epochs",
                                     "lr",
                                     "seed",
                                     "noise_power",
                                     "shared_negatives",
                                     "logq_correction",
                                     "margin",
                                     "mining",
                                     "embedding_l2",
                                     "output_bias"};
// Recorded too, but a resume may change them (write elsewhere, stop at
// other norms).
constexpr const char* kOutputFlags[] = {"output", "output_vectors", "format",
                                        "report_json", "max_norm"};

CheckpointSettings RecordSettings() {
  CheckpointSettings settings;
  for (const char* name : kRunFlags) {
    settings.emplace_back(name,
                          absl::FindCommandLineFlag(name)->CurrentValue());
  }
  for (const char* name : kOutputFlags) {
    settings.emplace_back(name,
                          absl::FindCommandLineFlag(name)->CurrentValue());
  }
  return settings;
}

// Sets the flags a checkpoint recorded. A flag still at its default takes
// the checkpoint's value (so a flag explicitly given its default value is
// not told apart from one not given).
absl::Status ApplySettings(const CheckpointSettings& settings,
                           const std::string& path) {
  for (const auto& [name, value] : settings) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--resume ", path, ": unknown flag --", name, " in the checkpoint"));
    }
    const std::string current = flag->CurrentValue();
    if (current == value) continue;
    const bool run_flag = std::find(std::begin(kRunFlags), std::end(kRunFlags),
                                    name) != std::end(kRunFlags);
    if (current != flag->DefaultValue()) {
      if (!run_flag) continue;  // an output flag: the new value wins
      return absl::InvalidArgumentError(absl::StrCat(
          "--", name, "=", current, " conflicts with the checkpoint ", path,
          ", which was started with --", name, "=", value,
          "; drop the flag to resume"));
    }
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--resume ", path, ": --", name, "=", value, ": ", error));
    }
  }
  return absl::OkStatus();
}

std::string CheckpointPath() {
  const std::string path = absl::GetFlag(FLAGS_checkpoint);
  return path.empty() ? absl::GetFlag(FLAGS_output) + ".ckpt" : path;
}

absl::Status CheckOutputs() {
  if (absl::GetFlag(FLAGS_output).empty()) {
    return absl::InvalidArgumentError(
        "--output is required: where to write the vectors");
  }
  const double every = absl::GetFlag(FLAGS_checkpoint_every);
  if (!(every >= 0) || !std::isfinite(every)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--checkpoint_every must be >= 0 minutes (0: only when "
                     "interrupted), got ",
                     every));
  }
  const std::vector<OutputPath> outputs = {
      {"output", absl::GetFlag(FLAGS_output)},
      {"output_vectors", absl::GetFlag(FLAGS_output_vectors)},
      {"save_vocab", absl::GetFlag(FLAGS_save_vocab)},
      {"report_json", absl::GetFlag(FLAGS_report_json)},
      {"checkpoint", CheckpointPath()}};
  for (const OutputPath& output : outputs) {
    if (output.path.empty()) continue;
    if (absl::Status s = CheckNotAnInput(output.path, output.flag); !s.ok()) {
      return s;
    }
  }
  return ProbeOutputPaths(outputs);
}

// Trains, writing a checkpoint whenever the run stops before its end: every
// --checkpoint_every minutes (then it goes on), or on a signal (then it
// returns Cancelled).
absl::StatusOr<TrainResult> TrainWithCheckpoints(
    const TrainConfig& config, const Corpus& corpus, const Vocab& vocab,
    EmbeddingModel& model, TrainState& state, bool* wrote_checkpoint) {
  const CheckpointSettings settings = RecordSettings();
  const std::string path = CheckpointPath();
  TrainSignals signals;
  while (true) {
    TrainHooks hooks = ProgressPrinterHooks(stderr, config.objective);
    hooks.stop = &signals.stop();
    hooks.stop_after_seconds = 60 * absl::GetFlag(FLAGS_checkpoint_every);
    ASSIGN_OR_RETURN(TrainResult result,
                     Train(config, corpus, vocab, model, hooks, &state));
    if (!result.stopped) return result;
    // A checkpoint must never hold garbage: the last good one stays.
    RETURN_IF_ERROR(CheckAllFinite(model));
    const absl::Time start = absl::Now();
    RETURN_IF_ERROR(WriteCheckpoint(path, settings, vocab, model, state));
    *wrote_checkpoint = true;
    absl::FPrintF(stderr, "checkpoint %s written in %.2f s (%d words done)\n",
                  path, absl::ToDoubleSeconds(absl::Now() - start),
                  result.words);
    if (signals.interrupted()) {
      return absl::CancelledError(absl::StrCat(
          "interrupted; continue with: nce2vec train --resume ", path));
    }
  }
}

// Only the formats a file can be written in; "auto" is for reading.
absl::StatusOr<VectorFormat> FormatFromFlags() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "text") return VectorFormat::kText;
  if (format == "binary") return VectorFormat::kBinary;
  return absl::InvalidArgumentError(
      absl::StrCat("--format must be text or binary, got '", format, "'"));
}

absl::StatusOr<Vocab> LoadOrBuildVocab(const Corpus& corpus) {
  const std::string read_vocab = absl::GetFlag(FLAGS_read_vocab);
  if (!read_vocab.empty()) {
    ASSIGN_OR_RETURN(Vocab vocab, Vocab::Load(read_vocab));
    absl::FPrintF(stderr, "vocabulary: %d words from %s\n", vocab.size(),
                  read_vocab);
    return vocab;
  }
  VocabStats stats;
  ASSIGN_OR_RETURN(Vocab vocab,
                   Vocab::Build(corpus, VocabOptionsFromFlags(), &stats));
  absl::FPrintF(stderr,
                "vocabulary: %d words (min_count %d) of %d types, %d tokens, "
                "%.2f s\n",
                vocab.size(), absl::GetFlag(FLAGS_min_count), stats.types,
                stats.tokens, stats.seconds);
  return vocab;
}

std::string ConfigSummary(const TrainConfig& config, bool bias) {
  return absl::StrFormat(
      "model %s  objective %s  dim %d  window %d  negatives %d  "
      "shared_negatives %s  sample %g  epochs %d  lr %g  threads %d  seed %d  "
      "noise_power %g  output_bias %s",
      ModelTypeName(config.model), config.objective, config.dim, config.window,
      config.objective_options.negatives,
      config.objective_options.shared_negatives ? "true" : "false",
      config.sample, config.epochs, config.lr, config.threads, config.seed,
      config.noise_power, bias ? "on" : "off");
}

}  // namespace

absl::Status RunTrain(const std::vector<char*>& args) {
  if (!args.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", args[0], "'"));
  }
  // A checkpoint supplies the flags of the run it continues.
  std::optional<Checkpoint> resumed;
  const std::string resume = absl::GetFlag(FLAGS_resume);
  if (!resume.empty()) {
    ASSIGN_OR_RETURN(resumed, ReadCheckpoint(resume));
    RETURN_IF_ERROR(ApplySettings(resumed->settings, resume));
  }
  // Everything is checked before the corpus is read.
  ASSIGN_OR_RETURN(TrainConfig config, TrainConfigFromFlags());
  ASSIGN_OR_RETURN(bool bias, OutputBiasFromFlags(config));
  ASSIGN_OR_RETURN(VectorFormat format, FormatFromFlags());
  RETURN_IF_ERROR(MaxMemoryFromFlags().status());
  RETURN_IF_ERROR(CheckOutputs());
  ASSIGN_OR_RETURN(Corpus corpus, OpenCorpusFromFlags());

  Vocab vocab;
  if (resumed) {
    vocab = std::move(resumed->vocab);
  } else {
    ASSIGN_OR_RETURN(vocab, LoadOrBuildVocab(corpus));
  }
  const std::string save_vocab = absl::GetFlag(FLAGS_save_vocab);
  if (!save_vocab.empty()) RETURN_IF_ERROR(vocab.Save(save_vocab));

  absl::FPrintF(stderr, "%s\n", ConfigSummary(config, bias));
  RETURN_IF_ERROR(CheckMemory(config, vocab, bias));
  EmbeddingModel model;
  TrainState state;
  if (resumed) {
    model = std::move(resumed->model);
    state = std::move(resumed->state);
    if (model.dim() != config.dim || model.bias.empty() == bias) {
      return absl::DataLossError(absl::StrCat(
          "--resume ", resume, ": its model does not match its settings"));
    }
    absl::FPrintF(stderr, "resuming from %s\n", resume);
  } else {
    ASSIGN_OR_RETURN(model, EmbeddingModel::Create(vocab.counts(), config.dim,
                                                   bias, config.seed));
  }
  bool wrote_checkpoint = false;
  ASSIGN_OR_RETURN(TrainResult result,
                   TrainWithCheckpoints(config, corpus, vocab, model, state,
                                        &wrote_checkpoint));
  absl::FPrintF(stderr,
                "trained %d words in %.2f s: %.0f words/s/thread (wall clock), "
                "final loss %.4f\n",
                result.words, result.seconds, result.words_per_sec_per_thread,
                result.final_loss);

  // The guard samples rows; a full scan is cheap next to writing them.
  RETURN_IF_ERROR(CheckAllFinite(model));
  RETURN_IF_ERROR(WriteVectors(absl::GetFlag(FLAGS_output), vocab.words(),
                               model.input, format));
  const std::string output_vectors = absl::GetFlag(FLAGS_output_vectors);
  if (!output_vectors.empty()) {
    RETURN_IF_ERROR(
        WriteVectors(output_vectors, vocab.words(), model.output, format));
  }
  const std::string report_json = absl::GetFlag(FLAGS_report_json);
  if (!report_json.empty()) {
    JsonObject report;
    report.Add("objective", config.objective)
        .Add("model", ModelTypeName(config.model))
        .Add("negatives", config.objective_options.negatives)
        .Add("dim", config.dim)
        .Add("epochs", config.epochs)
        .Add("threads", config.threads)
        .Add("seed", static_cast<int64_t>(config.seed))
        .Add("vocab_size", static_cast<int64_t>(vocab.size()))
        .Add("words_processed", result.words)
        .Add("seconds", result.seconds)
        .Add("words_per_sec_per_thread", result.words_per_sec_per_thread)
        .Add("final_loss", result.final_loss)
        .Add("mean_loss", result.mean_loss);
    ASSIGN_OR_RETURN(auto file, AtomicFile::Create(report_json));
    RETURN_IF_ERROR(file->Write(report.str() + "\n"));
    RETURN_IF_ERROR(file->Commit());
  }
  // The outputs supersede the run's checkpoint; left behind, it would offer
  // to resume a finished run. A checkpoint resumed from elsewhere is the
  // user's copy and stays.
  const std::string checkpoint = CheckpointPath();
  if (wrote_checkpoint || resume == checkpoint) {
    if (std::remove(checkpoint.c_str()) == 0) {
      absl::FPrintF(stderr, "removed the checkpoint %s: the run is complete\n",
                    checkpoint);
    }
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
