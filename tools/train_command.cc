// nce2vec train: learn word vectors from a corpus and write them out.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/model/embedding_model.h"
#include "src/model/vectors_io.h"
#include "src/objectives/registry.h"
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

ABSL_FLAG(std::string, output, "",
          "Where to write the word (input) vectors; '.gz' compresses");
ABSL_FLAG(std::string, format, "text", "Vector file format: text or binary");
ABSL_FLAG(std::string, output_vectors, "",
          "Also write the output (context) vectors here");
ABSL_FLAG(std::string, report_json, "", "Write a JSON summary of the run here");

namespace nce2vec {
namespace {

absl::Status CheckOutputs() {
  if (absl::GetFlag(FLAGS_output).empty()) {
    return absl::InvalidArgumentError(
        "--output is required: where to write the vectors");
  }
  return ProbeOutputPaths(
      {{"output", absl::GetFlag(FLAGS_output)},
       {"output_vectors", absl::GetFlag(FLAGS_output_vectors)},
       {"save_vocab", absl::GetFlag(FLAGS_save_vocab)},
       {"report_json", absl::GetFlag(FLAGS_report_json)}});
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
  // Everything is checked before the corpus is read.
  ASSIGN_OR_RETURN(TrainConfig config, TrainConfigFromFlags());
  ASSIGN_OR_RETURN(bool bias, OutputBiasFromFlags(config));
  ASSIGN_OR_RETURN(VectorFormat format, FormatFromFlags());
  RETURN_IF_ERROR(MaxMemoryFromFlags().status());
  RETURN_IF_ERROR(CheckOutputs());
  ASSIGN_OR_RETURN(Corpus corpus, OpenCorpusFromFlags());

  ASSIGN_OR_RETURN(Vocab vocab, LoadOrBuildVocab(corpus));
  const std::string save_vocab = absl::GetFlag(FLAGS_save_vocab);
  if (!save_vocab.empty()) RETURN_IF_ERROR(vocab.Save(save_vocab));

  absl::FPrintF(stderr, "%s\n", ConfigSummary(config, bias));
  RETURN_IF_ERROR(CheckMemory(config, vocab, bias));
  ASSIGN_OR_RETURN(
      EmbeddingModel model,
      EmbeddingModel::Create(vocab.counts(), config.dim, bias, config.seed));
  ASSIGN_OR_RETURN(TrainResult result,
                   Train(config, corpus, vocab, model,
                         ProgressPrinterHooks(stderr, config.objective)));
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
  return absl::OkStatus();
}

}  // namespace nce2vec
