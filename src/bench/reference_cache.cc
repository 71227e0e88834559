#include "src/bench/reference_cache.h"

#include <sys/stat.h>

#include <type_traits>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "src/bench/sha256.h"
#include "src/objectives/registry.h"
#include "src/trainer/checkpoint.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

constexpr absl::string_view kKeyNote = "reference_key";
constexpr absl::string_view kTrainNote = "reference_train";
constexpr absl::string_view kPeakNote = "reference_peak";

// A setting's value, exact: SettingText rounds floating point for reading.
template <typename T>
std::string ExactText(const T& value) {
  if constexpr (std::is_floating_point_v<T>) {
    return absl::StrFormat("%a", static_cast<double>(value));
  } else {
    return SettingText(value);
  }
}

// `config` with the settings its objective ignores (by its registry entry)
// at their defaults, so that they do not split the cache: a reference run
// has no noise words, no in-batch negatives and no margin.
TrainConfig WhatMatters(const TrainConfig& config) {
  const ObjectiveInfo* info = FindObjective(config.objective);
  if (info == nullptr) return config;
  const TrainConfig defaults;
  TrainConfig canonical = config;
  if (!info->sampled) {
    canonical.noise_power = defaults.noise_power;
    canonical.objective_options.negatives =
        defaults.objective_options.negatives;
    canonical.objective_options.shared_negatives =
        defaults.objective_options.shared_negatives;
    canonical.objective_options.logq_correction =
        defaults.objective_options.logq_correction;
    canonical.objective_options.mining = defaults.objective_options.mining;
  }
  if (!info->in_batch_negatives) {
    canonical.in_batch_cursors = defaults.in_batch_cursors;
  }
  if (info->default_margin == 0.0f) {
    canonical.objective_options.margin = defaults.objective_options.margin;
  }
  return canonical;
}

std::string VocabDigest(const Vocab& vocab) {
  Sha256 sha;
  for (int32_t w = 0; w < vocab.size(); ++w) {
    sha.Update(absl::StrCat(vocab.word(w), " ", vocab.count(w), "\n"));
  }
  return sha.HexDigest();
}

std::string Exact(double value) { return absl::StrFormat("%.17g", value); }

// The training figures, one "name value..." line each, the loss curve's
// points last.
std::string TrainText(const TrainResult& train) {
  std::string text = absl::StrCat("seconds ", Exact(train.seconds), "\nwords ",
                                  train.words, "\nwords_per_sec_per_thread ",
                                  Exact(train.words_per_sec_per_thread),
                                  "\nfinal_loss ", Exact(train.final_loss),
                                  "\nmean_loss ", Exact(train.mean_loss), "\n");
  for (const TrainProgress& p : train.loss_curve) {
    absl::StrAppend(&text, "point ", Exact(p.seconds), " ", Exact(p.fraction),
                    " ", p.words, " ", Exact(p.lr), " ", Exact(p.loss), " ",
                    Exact(p.eta_seconds), "\n");
  }
  return text;
}

bool ParseTrainText(absl::string_view text, TrainResult* train) {
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    const std::vector<absl::string_view> f = absl::StrSplit(line, ' ');
    bool ok = f.size() == 2;
    if (f[0] == "point" && f.size() == 7) {
      TrainProgress p;
      ok = absl::SimpleAtod(f[1], &p.seconds) &&
           absl::SimpleAtod(f[2], &p.fraction) &&
           absl::SimpleAtoi(f[3], &p.words) && absl::SimpleAtod(f[4], &p.lr) &&
           absl::SimpleAtod(f[5], &p.loss) &&
           absl::SimpleAtod(f[6], &p.eta_seconds);
      train->loss_curve.push_back(p);
    } else if (ok && f[0] == "seconds") {
      ok = absl::SimpleAtod(f[1], &train->seconds);
    } else if (ok && f[0] == "words") {
      ok = absl::SimpleAtoi(f[1], &train->words);
    } else if (ok && f[0] == "words_per_sec_per_thread") {
      ok = absl::SimpleAtod(f[1], &train->words_per_sec_per_thread);
    } else if (ok && f[0] == "final_loss") {
      ok = absl::SimpleAtod(f[1], &train->final_loss);
    } else if (ok && f[0] == "mean_loss") {
      ok = absl::SimpleAtod(f[1], &train->mean_loss);
    } else {
      ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

const std::string* Note(const CheckpointNotes& notes, absl::string_view name) {
  for (const auto& [key, value] : notes) {
    if (key == name) return &value;
  }
  return nullptr;
}

}  // namespace

ReferenceKey ReferenceKeyFor(const TrainConfig& config,
                             const std::vector<InputFile>& train_files,
                             const Vocab& vocab, absl::string_view build) {
  ReferenceKey key;
  key.text = absl::StrCat("nce2vec reference run\nbuild ", build, "\n");
  for (const InputFile& file : train_files) {
    absl::StrAppend(&key.text, "corpus sha256 ", file.sha256, "\n");
  }
  absl::StrAppend(&key.text, "vocabulary ", vocab.size(), " words sha256 ",
                  VocabDigest(vocab), "\n");
  TrainConfig canonical = WhatMatters(config);
  ForEachSetting(
      [&key](const Setting& setting, const auto& value) {
        if (setting.may_change_on_resume) return;
        absl::StrAppend(&key.text, setting.name, " ", ExactText(value), "\n");
      },
      canonical);
  Sha256 sha;
  sha.Update(key.text);
  key.digest = sha.HexDigest();
  return key;
}

absl::StatusOr<std::string> RunningBinaryIdentity(absl::string_view version) {
  ASSIGN_OR_RETURN(const std::string binary, Sha256File("/proc/self/exe"));
  return absl::StrCat("version ", version, " binary ", binary);
}

std::string ReferenceCache::PathFor(const ReferenceKey& key) const {
  return absl::StrCat(dir_, "/reference-", key.digest, ".ckpt");
}

absl::StatusOr<std::optional<CachedRun>> ReferenceCache::Find(
    const ReferenceKey& key, const Vocab& vocab) const {
  const std::string path = PathFor(key);
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return std::nullopt;
  const auto damaged = [&path](absl::string_view why) {
    return absl::DataLossError(
        absl::StrCat("reference cache entry ", path, ": ", why,
                     "; delete the file to retrain the reference"));
  };
  absl::StatusOr<Checkpoint> entry = ReadCheckpoint(path);
  if (!entry.ok()) {
    // ReadCheckpoint's message names the file.
    return absl::DataLossError(
        absl::StrCat("reference cache: ", entry.status().message(),
                     "; delete the file to retrain the reference"));
  }
  const std::string* stored_key = Note(entry->notes, kKeyNote);
  const std::string* train = Note(entry->notes, kTrainNote);
  const std::string* peak = Note(entry->notes, kPeakNote);
  if (stored_key == nullptr || train == nullptr || peak == nullptr) {
    return damaged("not a reference cache entry (its notes are missing)");
  }
  if (*stored_key != key.text) {
    return damaged("it holds another run than its name says");
  }
  if (entry->vocab.words() != vocab.words() ||
      entry->vocab.counts() != vocab.counts()) {
    return damaged("its vocabulary differs from the bench's");
  }
  CachedRun run;
  run.path = path;
  const std::vector<std::string> peak_fields =
      absl::StrSplit(*peak, absl::MaxSplits(' ', 1));
  if (!ParseTrainText(*train, &run.train) || peak_fields.size() != 2 ||
      !absl::SimpleAtod(peak_fields[0], &run.peak.mib)) {
    return damaged("its training figures cannot be read");
  }
  run.peak.source = peak_fields[1];
  run.model = std::move(entry->model);
  return run;
}

absl::Status ReferenceCache::Store(const ReferenceKey& key,
                                   const TrainConfig& config,
                                   const std::vector<std::string>& corpus_files,
                                   const Vocab& vocab,
                                   const EmbeddingModel& model,
                                   const TrainResult& train,
                                   const PeakMemory& peak) const {
  const CheckpointNotes notes = {
      {std::string(kKeyNote), key.text},
      {std::string(kTrainNote), TrainText(train)},
      {std::string(kPeakNote), absl::StrCat(Exact(peak.mib), " ", peak.source)},
  };
  return WriteCheckpoint(PathFor(key), config, corpus_files, vocab, model,
                         TrainState(), notes);
}

}  // namespace nce2vec
