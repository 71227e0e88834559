#include "tools/train_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/objectives/registry.h"
#include "src/trainer/memory_estimate.h"
#include "src/util/status_macros.h"
#include "tools/corpus_flags.h"

ABSL_FLAG(std::string, model, "skipgram", "skipgram or cbow");
ABSL_FLAG(std::string, objective, nce2vec::TrainConfig().objective,
          absl::StrCat("Training objective: ", nce2vec::ObjectiveNames()));
ABSL_FLAG(int32_t, dim, 100, "Vector dimension");
ABSL_FLAG(int32_t, window, 5,
          "Maximum context distance; each centre word draws its window "
          "uniformly from [1, window]");
ABSL_FLAG(int32_t, negatives, 5,
          absl::StrCat(
              "Noise words per positive (k) for ",
              nce2vec::ObjectiveNames([](const nce2vec::ObjectiveInfo& info) {
                return info.sampled;
              })));
ABSL_FLAG(double, sample, 1e-3,
          "Subsampling threshold t: a word of frequency f is kept with "
          "probability sqrt(t/f) + t/f; 0 keeps every word");
ABSL_FLAG(int32_t, epochs, 5, "Passes over the corpus");
ABSL_FLAG(double, lr, 0,
          "Initial learning rate, decaying linearly to lr*1e-4; 0 means the "
          "model's default: 0.025 for skipgram, 0.05 for cbow, scaled down for "
          "the objectives that overshoot at those rates (see the README)");
ABSL_FLAG(uint64_t, seed, 1,
          "Random seed; with --threads=1 a run is bit-identical for a seed");
ABSL_FLAG(double, noise_power, 0.75, "Noise distribution Pn(w) ∝ count^power");
ABSL_FLAG(bool, shared_negatives, true,
          "One set of noise words per batch (a centre word's window) instead "
          "of one per positive pair");
ABSL_FLAG(bool, logq_correction, false,
          "infonce: subtract log Pn(w) from every logit (sampled softmax)");
ABSL_FLAG(double, margin, 0,
          absl::StrCat(
              "The margin ε of ",
              nce2vec::ObjectiveNames([](const nce2vec::ObjectiveInfo& info) {
                return info.default_margin > 0;
              }),
              " (a distance, or a squared distance for a loss written "
              "in squared distances); 0 means the objective's "
              "default"));
ABSL_FLAG(std::string, mining, "all",
          "triplet: which noise words of a pair enter its loss: all, hardest "
          "(the closest) or semihard (the closest farther than the positive)");
ABSL_FLAG(double, embedding_l2, 0,
          "npair: Sohn's L2 penalty λ/2 (|h|² + |u⁺|²) per pair");
ABSL_FLAG(std::string, output_bias, "auto",
          absl::StrCat(
              "Output bias per word: on, off, or auto (on for ",
              nce2vec::ObjectiveNames([](const nce2vec::ObjectiveInfo& info) {
                return info.default_output_bias;
              }),
              ")"));
ABSL_FLAG(std::string, read_vocab, "",
          "Read the vocabulary from this file (word count lines) instead of "
          "counting the corpus");
ABSL_FLAG(double, max_norm, 1000,
          "Stop training (writing nothing) when a sampled word's input or "
          "output vector norm exceeds this; 0: no limit");
ABSL_FLAG(int32_t, in_batch_cursors, 16,
          absl::StrCat(
              nce2vec::ObjectiveNames([](const nce2vec::ObjectiveInfo& info) {
                return info.in_batch_negatives;
              }),
              ": cursors per thread spread over its shard, each "
              "giving a batch its next centre word, so that in-batch "
              "negatives come from far-off text; 1 takes consecutive "
              "centre words"));
ABSL_FLAG(int32_t, minn, nce2vec::TrainConfig().subwords.minn,
          "Shortest character n-gram of a word (fastText's subwords; with "
          "--maxn > 0)");
ABSL_FLAG(int32_t, maxn, nce2vec::TrainConfig().subwords.maxn,
          "Longest character n-gram of a word; 0: no n-grams (word vectors "
          "only), 6 as fastText: each word's vector is the mean of its own "
          "and its n-grams' vectors");
ABSL_FLAG(int64_t, bucket, nce2vec::TrainConfig().subwords.bucket,
          "Rows the n-grams are hashed into (with --maxn > 0)");
ABSL_FLAG(std::string, max_memory, "0",
          "Refuse a run whose estimated memory (printed at the start) exceeds "
          "this, e.g. 4G or 512M; 0: no limit");

namespace nce2vec {

const FlagGroup& TrainFlags() {
  static const auto* group = new FlagGroup(MakeFlagGroup(
      FLAGS_model, FLAGS_objective, FLAGS_dim, FLAGS_window, FLAGS_negatives,
      FLAGS_sample, FLAGS_epochs, FLAGS_lr, FLAGS_seed, FLAGS_noise_power,
      FLAGS_shared_negatives, FLAGS_logq_correction, FLAGS_margin, FLAGS_mining,
      FLAGS_embedding_l2, FLAGS_output_bias, FLAGS_read_vocab, FLAGS_max_norm,
      FLAGS_in_batch_cursors, FLAGS_minn, FLAGS_maxn, FLAGS_bucket,
      FLAGS_max_memory));
  return *group;
}

namespace {

// The flags of the distance-based and in-batch objectives.
absl::Status ReadMetricFlags(TrainConfig& config) {
  ObjectiveOptions& options = config.objective_options;
  const double margin = absl::GetFlag(FLAGS_margin);
  if (!(margin >= 0 && margin <= 1000)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--margin must be in [0, 1000] (0 for the default), got ", margin));
  }
  options.margin = static_cast<float>(margin);
  const std::string mining = absl::GetFlag(FLAGS_mining);
  if (mining == "all") {
    options.mining = ObjectiveOptions::Mining::kAll;
  } else if (mining == "hardest") {
    options.mining = ObjectiveOptions::Mining::kHardest;
  } else if (mining == "semihard") {
    options.mining = ObjectiveOptions::Mining::kSemiHard;
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "--mining must be all, hardest or semihard, got '", mining, "'"));
  }
  const double l2 = absl::GetFlag(FLAGS_embedding_l2);
  if (!(l2 >= 0 && l2 <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--embedding_l2 must be in [0, 1], got ", l2));
  }
  options.embedding_l2 = static_cast<float>(l2);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TrainConfig> TrainConfigFromFlags() {
  TrainConfig config;
  auto model = ParseModelType(absl::GetFlag(FLAGS_model));
  if (!model.ok()) return model.status();
  config.model = *model;
  config.objective = absl::GetFlag(FLAGS_objective);
  config.dim = absl::GetFlag(FLAGS_dim);
  config.window = absl::GetFlag(FLAGS_window);
  config.objective_options.negatives = absl::GetFlag(FLAGS_negatives);
  config.objective_options.shared_negatives =
      absl::GetFlag(FLAGS_shared_negatives);
  config.objective_options.logq_correction =
      absl::GetFlag(FLAGS_logq_correction);
  if (absl::Status s = ReadMetricFlags(config); !s.ok()) return s;
  config.sample = absl::GetFlag(FLAGS_sample);
  config.epochs = absl::GetFlag(FLAGS_epochs);
  const double lr = absl::GetFlag(FLAGS_lr);
  if (lr < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--lr must be > 0 (or 0 for the default), got ", lr));
  }
  config.lr = lr > 0 ? lr : DefaultLearningRate(config.model, config.objective);
  config.seed = absl::GetFlag(FLAGS_seed);
  config.noise_power = absl::GetFlag(FLAGS_noise_power);
  config.threads = absl::GetFlag(FLAGS_threads);
  config.max_norm = absl::GetFlag(FLAGS_max_norm);
  config.in_batch_cursors = absl::GetFlag(FLAGS_in_batch_cursors);
  config.subwords = {.minn = absl::GetFlag(FLAGS_minn),
                     .maxn = absl::GetFlag(FLAGS_maxn),
                     .bucket = absl::GetFlag(FLAGS_bucket)};
  ASSIGN_OR_RETURN(config.objective_options.output_bias,
                   OutputBiasFromFlags(config));
  // Also whether the objective can have the biases asked for.
  if (absl::Status s = config.Validate(); !s.ok()) return s;
  return config;
}

absl::StatusOr<bool> OutputBiasFromFlags(const TrainConfig& config) {
  const std::string value = absl::GetFlag(FLAGS_output_bias);
  if (value == "on") return true;
  if (value == "off") return false;
  if (value == "auto") {
    const ObjectiveInfo* info = FindObjective(config.objective);
    return info != nullptr && info->default_output_bias;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--output_bias must be on, off or auto, got '", value, "'"));
}

absl::StatusOr<Vocab> LoadOrBuildVocab(const Corpus& corpus,
                                       const VocabBuilder& build,
                                       std::FILE* log) {
  const std::string read_vocab = absl::GetFlag(FLAGS_read_vocab);
  if (!read_vocab.empty()) {
    ASSIGN_OR_RETURN(Vocab vocab, Vocab::Load(read_vocab));
    absl::FPrintF(log, "vocabulary: %d words from %s\n", vocab.size(),
                  read_vocab);
    return vocab;
  }
  VocabStats stats;
  ASSIGN_OR_RETURN(Vocab vocab, build(corpus, VocabOptionsFromFlags(), &stats));
  absl::FPrintF(log,
                "vocabulary: %d words (min_count %d) of %d types, %d tokens, "
                "%.2f s\n",
                vocab.size(), absl::GetFlag(FLAGS_min_count), stats.types,
                stats.tokens, stats.seconds);
  return vocab;
}

absl::StatusOr<uint64_t> MaxMemoryFromFlags() {
  return ParseMemorySize(absl::GetFlag(FLAGS_max_memory));
}

absl::Status CheckMemory(const TrainConfig& config, const Vocab& vocab,
                         bool output_bias, std::FILE* log,
                         uint64_t merging_bytes) {
  ASSIGN_OR_RETURN(const uint64_t limit, MaxMemoryFromFlags());
  ASSIGN_OR_RETURN(MemoryEstimate estimate,
                   EstimateTrainingMemory(config, vocab, output_bias));
  estimate.merging = merging_bytes;
  absl::FPrintF(log, "%s\n", estimate.Summary());
  return CheckMemoryLimit(estimate, limit);
}

}  // namespace nce2vec
