#include "tools/corpus_flags.h"

#include <sys/stat.h>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"

ABSL_FLAG(std::vector<std::string>, input, {},
          "Corpus files, comma-separated (plain text or gzip, detected by "
          "content); one sentence per line");
ABSL_FLAG(int64_t, min_count, 5, "Drop words seen fewer times (>= 1)");
ABSL_FLAG(int64_t, max_vocab, 0,
          "Keep at most this many words, pruning the rarest while counting so "
          "memory stays bounded (0: unlimited)");
ABSL_FLAG(int32_t, threads, 2, "Worker threads (>= 1)");
ABSL_FLAG(std::string, save_vocab, "",
          "Write the vocabulary to this file as 'word count' lines, most "
          "frequent first (gzip if it ends in .gz)");

namespace nce2vec {

const FlagGroup& CorpusFlags() {
  static const auto* group =
      new FlagGroup(MakeFlagGroup(FLAGS_input, FLAGS_min_count, FLAGS_max_vocab,
                                  FLAGS_threads, FLAGS_save_vocab));
  return *group;
}

absl::Status ValidateCorpusFlags() {
  if (absl::GetFlag(FLAGS_input).empty()) {
    return absl::InvalidArgumentError("--input is required: a corpus file");
  }
  if (absl::GetFlag(FLAGS_min_count) < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--min_count must be >= 1, got ", absl::GetFlag(FLAGS_min_count)));
  }
  if (absl::GetFlag(FLAGS_max_vocab) < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--max_vocab must be >= 0 (0: unlimited), got ",
                     absl::GetFlag(FLAGS_max_vocab)));
  }
  const int32_t threads = absl::GetFlag(FLAGS_threads);
  if (threads < 1 || threads > 1024) {
    return absl::InvalidArgumentError(
        absl::StrCat("--threads must be in [1, 1024], got ", threads));
  }
  return absl::OkStatus();
}

absl::StatusOr<Corpus> OpenCorpusFromFlags() {
  if (absl::Status s = ValidateCorpusFlags(); !s.ok()) return s;
  return Corpus::Open(absl::GetFlag(FLAGS_input));
}

absl::Status CheckNotAnInput(const std::string& path, absl::string_view flag,
                             const std::vector<std::string>& inputs) {
  struct stat out;
  // A file that does not exist yet cannot be an input.
  if (stat(path.c_str(), &out) != 0) return absl::OkStatus();
  for (const std::string& input : inputs) {
    struct stat in;
    if (stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev &&
        in.st_ino == out.st_ino) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, "=", path, " is the --input file ", input,
                       "; writing it would replace the corpus"));
    }
  }
  return absl::OkStatus();
}

VocabOptions VocabOptionsFromFlags() {
  VocabOptions options;
  options.min_count = absl::GetFlag(FLAGS_min_count);
  options.max_vocab = absl::GetFlag(FLAGS_max_vocab);
  options.threads = absl::GetFlag(FLAGS_threads);
  return options;
}

}  // namespace nce2vec
