// nce2vec train: learn word vectors from a corpus and write them out.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "src/model/embedding_model.h"
#include "src/model/fasttext_args.h"
#include "src/model/fasttext_model.h"
#include "src/model/vectors_io.h"
#include "src/objectives/registry.h"
#include "src/trainer/checkpoint.h"
#include "src/trainer/divergence_guard.h"
#include "src/trainer/progress_printer.h"
#include "src/trainer/subword_composer.h"
#include "src/trainer/trainer.h"
#include "src/util/atomic_file.h"
#include "src/util/json.h"
#include "src/util/status_macros.h"
#include "tools/command.h"
#include "tools/corpus_flags.h"
#include "tools/flag_wording.h"
#include "tools/train_flags.h"
#include "tools/train_outputs.h"
#include "tools/train_processes.h"
#include "tools/train_signals.h"

ABSL_FLAG(std::string, output, "",
          "Where to write the word (input) vectors; '.gz' compresses");
ABSL_FLAG(std::string, format, "text", "Vector file format: text or binary");
ABSL_FLAG(std::string, output_vectors, "",
          "Also write the output (context) vectors here");
ABSL_FLAG(std::string, output_model, "",
          "Also write the whole model in fastText's binary format (.bin, "
          "uncompressed): with n-grams (--maxn > 0) it gives vectors for "
          "unseen words to nn/analogy/eval --model_file, fastText and gensim");
ABSL_FLAG(std::string, report_json, "", "Write a JSON summary of the run here");
ABSL_FLAG(std::string, checkpoint, "",
          "Where an interrupted (SIGINT, SIGTERM) or periodic checkpoint is "
          "written; default: --output plus .ckpt");
ABSL_FLAG(double, checkpoint_every, 0,
          "Also write a checkpoint every this many minutes; 0: only when "
          "interrupted");
ABSL_FLAG(std::string, resume, "",
          "Continue the run a checkpoint holds with its settings, corpus, "
          "vocabulary and outputs; a flag given with another value is an "
          "error, except the outputs and --max_norm, which may change");

namespace nce2vec {

const FlagGroup& TrainCommandFlags() {
  static const auto* group = new FlagGroup(
      MakeFlagGroup(FLAGS_output, FLAGS_format, FLAGS_output_vectors,
                    FLAGS_output_model, FLAGS_report_json, FLAGS_checkpoint,
                    FLAGS_checkpoint_every, FLAGS_resume));
  return *group;
}
namespace {

// The run's outputs, kept in its checkpoint as notes so that a resume with
// no flags writes where the run would have: each takes the checkpoint's
// value unless given again.
struct OutputFlag {
  absl::string_view name;
  absl::Flag<std::string>* flag;
};
const OutputFlag kOutputFlags[] = {
    {"output", &FLAGS_output},
    {"output_vectors", &FLAGS_output_vectors},
    {"output_model", &FLAGS_output_model},
    {"format", &FLAGS_format},
    {"report_json", &FLAGS_report_json},
    {"checkpoint", &FLAGS_checkpoint},
};

// The vocabulary flags, which a resumed run cannot honour: its vocabulary
// is the checkpoint's.
constexpr absl::string_view kVocabFlags[] = {"min_count", "max_vocab",
                                             "read_vocab"};

CheckpointNotes OutputNotes() {
  CheckpointNotes notes;
  for (const OutputFlag& output : kOutputFlags) {
    notes.emplace_back(output.name, absl::GetFlag(*output.flag));
  }
  return notes;
}

absl::Status ApplyOutputNotes(const CheckpointNotes& notes,
                              const Invocation& invocation,
                              const std::string& path) {
  for (const auto& [name, value] : notes) {
    const OutputFlag* output = nullptr;
    for (const OutputFlag& candidate : kOutputFlags) {
      if (candidate.name == name) output = &candidate;
    }
    if (output == nullptr) {
      return absl::DataLossError(absl::StrCat(
          "checkpoint ", path, ": unknown output '", name, "' in its notes"));
    }
    if (!invocation.Given(name)) absl::SetFlag(output->flag, value);
  }
  return absl::OkStatus();
}

absl::Status Conflict(absl::string_view flag, absl::string_view given,
                      absl::string_view stored, const std::string& path) {
  return absl::InvalidArgumentError(absl::StrCat(
      "--", flag, "=", given, " conflicts with the checkpoint ", path,
      ", whose run has --", flag, "=", stored, "; drop the flag to resume"));
}

// The settings of a resumed run: the checkpoint's, where a flag given on the
// command line must agree (only the settings that may change on a resume
// take the flag's value). `from_flags` holds the flags' values.
absl::StatusOr<TrainConfig> ResumedConfig(const Checkpoint& ckpt,
                                          const TrainConfig& from_flags,
                                          const Invocation& invocation,
                                          const std::string& path) {
  for (absl::string_view flag : kVocabFlags) {
    if (invocation.Given(flag)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--", flag, ": a resumed run keeps the vocabulary of its checkpoint ",
          path, "; drop the flag to resume"));
    }
  }
  const std::string input_flag = FlagName("Checkpoint::corpus_files");
  const std::vector<std::string> input = absl::GetFlag(FLAGS_input);
  if (invocation.Given(input_flag) && input != ckpt.corpus_files) {
    return Conflict(input_flag, absl::StrJoin(input, ","),
                    absl::StrJoin(ckpt.corpus_files, ","), path);
  }
  TrainConfig config = ckpt.config;
  ForEachSetting(
      [&invocation](const Setting& setting, auto& field, const auto& flag) {
        if (invocation.Given(FlagName(setting.name))) field = flag;
      },
      config, from_flags);
  // The defaults "--lr 0" and "--output_bias auto" depend on the model and
  // objective, which are the checkpoint's.
  if (invocation.Given("lr") && absl::GetFlag(FLAGS_lr) == 0) {
    config.lr = DefaultLearningRate(config.model, config.objective);
  }
  if (invocation.Given("output_bias")) {
    ASSIGN_OR_RETURN(config.objective_options.output_bias,
                     OutputBiasFromFlags(config));
  }
  absl::Status conflict;
  ForEachSetting(
      [&](const Setting& setting, const auto& field, const auto& stored) {
        if (!conflict.ok() || setting.may_change_on_resume || field == stored) {
          return;
        }
        conflict = Conflict(FlagName(setting.name), SettingText(field),
                            SettingText(stored), path);
      },
      config, ckpt.config);
  RETURN_IF_ERROR(conflict);
  return config;
}

std::string CheckpointPath() {
  const std::string path = absl::GetFlag(FLAGS_checkpoint);
  return path.empty() ? absl::GetFlag(FLAGS_output) + ".ckpt" : path;
}

// `probe`: whether to try creating the files (the process that writes them).
absl::Status CheckOutputs(const std::vector<std::string>& inputs, bool probe) {
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
      {"output_model", absl::GetFlag(FLAGS_output_model)},
      {"save_vocab", absl::GetFlag(FLAGS_save_vocab)},
      {"report_json", absl::GetFlag(FLAGS_report_json)},
      {"checkpoint", CheckpointPath()}};
  for (const OutputPath& output : outputs) {
    if (output.path.empty()) continue;
    RETURN_IF_ERROR(CheckNotAnInput(output.path, output.flag, inputs));
  }
  if (absl::EndsWith(absl::GetFlag(FLAGS_output_model), ".gz")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--output_model ", absl::GetFlag(FLAGS_output_model),
                     ": fastText and gensim read .bin files uncompressed; "
                     "drop the .gz"));
  }
  return probe ? ProbeOutputPaths(outputs) : absl::OkStatus();
}

// The model in fastText's .bin format (src/model/fasttext_model.h), its
// matrices written where they are. fastText's output matrix has a row per
// word: an objective with fewer output rows gets zero rows after its own.
absl::Status WriteModelFile(const std::string& path, const TrainConfig& config,
                            const Vocab& vocab, const EmbeddingModel& model) {
  FastTextArgs args;
  args.dim = config.dim;
  args.ws = config.window;
  args.epoch = config.epochs;
  args.min_count = static_cast<int32_t>(
      std::min<int64_t>(absl::GetFlag(FLAGS_min_count), INT32_MAX));
  args.neg = config.objective_options.negatives;
  args.loss = FindObjective(config.objective)->fasttext_loss;
  args.model = config.model == ModelType::kCbow
                   ? FastTextArchitecture::kCbow
                   : FastTextArchitecture::kSkipgram;
  // A word-only model has no bucket rows (fastText would keep 2,000,000
  // unused ones).
  args.subwords = config.subwords;
  if (!config.subwords.enabled()) args.subwords.bucket = 0;
  args.t = config.sample;
  std::optional<Matrix> padded;
  if (model.output.rows() < vocab.size()) {
    padded.emplace(vocab.size(), config.dim);
    if (padded->data() == nullptr) {
      return absl::ResourceExhaustedError(
          absl::StrCat("cannot allocate the ", vocab.size(), " x ", config.dim,
                       " output matrix of --output_model ", path));
    }
    std::copy(model.output.data(),
              model.output.data() + model.output.rows() * model.output.stride(),
              padded->data());
  }
  return WriteFastTextModel(path, {.args = args,
                                   .words = vocab.words(),
                                   .counts = vocab.counts(),
                                   .ntokens = vocab.total_count(),
                                   .input = model.input,
                                   .output = padded ? *padded : model.output});
}

// Trains, writing a checkpoint whenever the run stops before its end: every
// --checkpoint_every minutes (then it goes on), or on a signal (then it
// returns Cancelled). Across processes, all stop together and rank 0 writes
// the merged model with every process's state.
absl::StatusOr<TrainResult> TrainWithCheckpoints(
    const TrainConfig& config, const Corpus& corpus, const Vocab& vocab,
    EmbeddingModel& model, TrainState& state, bool* wrote_checkpoint,
    TrainProcesses& processes) {
  const CheckpointNotes notes = OutputNotes();
  const std::string path = CheckpointPath();
  TrainSignals signals(processes.writes());
  while (true) {
    ASSIGN_OR_RETURN(TrainHooks hooks, processes.Hooks(config, vocab, model));
    hooks.stop = &signals.stop();
    hooks.stop_after_seconds = 60 * absl::GetFlag(FLAGS_checkpoint_every);
    ASSIGN_OR_RETURN(TrainResult result,
                     Train(config, corpus, vocab, model, hooks, &state));
    if (!result.stopped) return result;
    // A checkpoint must never hold garbage: the last good one stays.
    RETURN_IF_ERROR(processes.Agree(CheckAllFinite(model)));
    RETURN_IF_ERROR(processes.GatherState(config, state));
    const absl::Time start = absl::Now();
    RETURN_IF_ERROR(processes.Agree(
        processes.writes() ? WriteCheckpoint(path, config, corpus.paths(),
                                             vocab, model, state, notes)
                           : absl::OkStatus()));
    *wrote_checkpoint = true;
    absl::FPrintF(processes.log(),
                  "checkpoint %s written in %.2f s (%d words done)\n", path,
                  absl::ToDoubleSeconds(absl::Now() - start), result.words);
    // A signal to one process stopped them all; all end as interrupted.
    RETURN_IF_ERROR(processes.Agree(
        signals.interrupted()
            ? absl::CancelledError(absl::StrCat(
                  "interrupted; continue with: nce2vec train --resume ", path))
            : absl::OkStatus()));
  }
}

// --output_vectors writes the output matrix as word vectors; an objective
// whose output rows are something else (a Huffman tree's inner nodes) has
// none to write, which is said before any work rather than after training.
absl::Status CheckOutputVectors(const TrainConfig& config) {
  if (absl::GetFlag(FLAGS_output_vectors).empty() ||
      FindObjective(config.objective)->output_word_vectors) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--output_vectors: --objective ", config.objective,
      " has no output word vectors: its output matrix holds the vectors of a "
      "Huffman tree's inner nodes, which belong to no word; drop the flag "
      "(objectives with output word vectors: ",
      ObjectiveNames(
          [](const ObjectiveInfo& info) { return info.output_word_vectors; }),
      ")"));
}

// Only the formats a file can be written in; "auto" is for reading.
absl::StatusOr<VectorFormat> FormatFromFlags() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "text") return VectorFormat::kText;
  if (format == "binary") return VectorFormat::kBinary;
  return absl::InvalidArgumentError(
      absl::StrCat("--format must be text or binary, got '", format, "'"));
}

// `nce2vec train` as one of `processes` (one alone without mpirun).
absl::Status TrainAs(const Invocation& invocation, TrainProcesses& processes) {
  if (!invocation.args.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", invocation.args[0], "'"));
  }
  RETURN_IF_ERROR(processes.ValidateFlags());
  // A checkpoint supplies the settings, corpus and outputs of the run it
  // continues.
  std::optional<Checkpoint> resumed;
  const std::string resume = absl::GetFlag(FLAGS_resume);
  if (!resume.empty()) {
    ASSIGN_OR_RETURN(resumed, ReadCheckpoint(resume));
    RETURN_IF_ERROR(processes.CheckResume(*resumed, resume));
    RETURN_IF_ERROR(ApplyOutputNotes(resumed->notes, invocation, resume));
  }
  // Everything is checked before the corpus is read.
  ASSIGN_OR_RETURN(TrainConfig config, TrainConfigFromFlags());
  if (resumed) {
    ASSIGN_OR_RETURN(config,
                     ResumedConfig(*resumed, config, invocation, resume));
  }
  const bool bias = config.objective_options.output_bias;
  RETURN_IF_ERROR(CheckOutputVectors(config));
  ASSIGN_OR_RETURN(VectorFormat format, FormatFromFlags());
  RETURN_IF_ERROR(MaxMemoryFromFlags().status());
  const std::vector<std::string> inputs =
      resumed ? resumed->corpus_files : absl::GetFlag(FLAGS_input);
  RETURN_IF_ERROR(CheckOutputs(inputs, processes.writes()));
  Corpus corpus;
  if (resumed) {
    ASSIGN_OR_RETURN(corpus, Corpus::Open(inputs));
  } else {
    ASSIGN_OR_RETURN(corpus, OpenCorpusFromFlags());
  }

  Vocab vocab;
  if (resumed) {
    vocab = std::move(resumed->vocab);
  } else {
    ASSIGN_OR_RETURN(vocab, processes.LoadOrBuildVocab(corpus));
  }
  RETURN_IF_ERROR(processes.CheckSameVocab(vocab));
  const std::string save_vocab = absl::GetFlag(FLAGS_save_vocab);
  if (!save_vocab.empty() && processes.writes()) {
    RETURN_IF_ERROR(vocab.Save(save_vocab));
  }

  absl::FPrintF(processes.log(), "%s\n", ConfigSummary(config));
  RETURN_IF_ERROR(CheckMemory(config, vocab, bias, processes.log(),
                              processes.MergingBytes(config, vocab, bias)));
  EmbeddingModel model;
  TrainState state;
  if (resumed) {
    // ReadCheckpoint checked that the model matches the settings, and
    // ResumedConfig that the settings are the checkpoint's.
    model = std::move(resumed->model);
    state = std::move(resumed->state);
    absl::FPrintF(processes.log(), "resuming from %s\n", resume);
  } else {
    ASSIGN_OR_RETURN(model, NewModel(config, vocab, bias));
  }
  RETURN_IF_ERROR(processes.CheckSameModel(model));
  bool wrote_checkpoint = false;
  ASSIGN_OR_RETURN(TrainResult result,
                   TrainWithCheckpoints(config, corpus, vocab, model, state,
                                        &wrote_checkpoint, processes));
  absl::FPrintF(processes.log(),
                "trained %d words in %.2f s: %.0f words/s/thread (wall clock), "
                "final loss %.4f\n",
                result.words, result.seconds, result.words_per_sec_per_thread,
                result.final_loss);
  if (processes.many()) {
    absl::FPrintF(processes.log(), "%s\n", processes.SyncSummary());
  }

  // The guard samples rows; a full scan is cheap next to writing them.
  RETURN_IF_ERROR(CheckAllFinite(model));
  // Every process holds the same merged model; rank 0 writes it.
  if (!processes.writes()) return absl::OkStatus();
  if (config.subwords.enabled()) {
    // Each word's vector is its composed one, as in fastText's .vec.
    ASSIGN_OR_RETURN(
        const Matrix vectors,
        ComposeWordVectors(
            model.input, SubwordIndex::Build(vocab.words(), config.subwords)));
    RETURN_IF_ERROR(WriteVectors(absl::GetFlag(FLAGS_output), vocab.words(),
                                 vectors, format));
  } else {
    RETURN_IF_ERROR(WriteVectors(absl::GetFlag(FLAGS_output), vocab.words(),
                                 model.input, format));
  }
  const std::string output_vectors = absl::GetFlag(FLAGS_output_vectors);
  if (!output_vectors.empty()) {
    RETURN_IF_ERROR(
        WriteVectors(output_vectors, vocab.words(), model.output, format));
  }
  const std::string output_model = absl::GetFlag(FLAGS_output_model);
  if (!output_model.empty()) {
    RETURN_IF_ERROR(WriteModelFile(output_model, config, vocab, model));
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
        .Add("vocab_size", static_cast<int64_t>(vocab.size()));
    if (config.subwords.enabled()) {
      report.Add("minn", config.subwords.minn)
          .Add("maxn", config.subwords.maxn)
          .Add("bucket", config.subwords.bucket);
    }
    report.Add("words_processed", result.words)
        .Add("seconds", result.seconds)
        .Add("words_per_sec_per_thread", result.words_per_sec_per_thread)
        .Add("final_loss", result.final_loss)
        .Add("mean_loss", result.mean_loss);
    processes.AddToReport(report);
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

}  // namespace

absl::Status RunTrain(const Invocation& invocation) {
  ASSIGN_OR_RETURN(std::unique_ptr<TrainProcesses> processes,
                   TrainProcesses::Join());
  return processes->Finish(TrainAs(invocation, *processes));
}

}  // namespace nce2vec
