// nce2vec vocab: counts the words of a corpus and saves the vocabulary.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/util/status_macros.h"
#include "src/vocab/vocab.h"
#include "tools/command.h"
#include "tools/corpus_flags.h"
#include "tools/train_outputs.h"

namespace nce2vec {

absl::Status RunVocab(const Invocation& invocation) {
  const std::vector<char*>& args = invocation.args;
  if (!args.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unexpected argument '", args[0], "'; corpus files go in --input"));
  }
  const std::string output = absl::GetFlag(FLAGS_save_vocab);
  if (output.empty()) {
    return absl::InvalidArgumentError(
        "--save_vocab is required: the file to write the vocabulary to");
  }
  if (absl::Status s = ValidateCorpusFlags(); !s.ok()) return s;
  // Fail before reading the corpus (opening a gzip file inflates it all),
  // not after it.
  RETURN_IF_ERROR(ProbeOutputPaths({{"save_vocab", output}}));
  RETURN_IF_ERROR(
      CheckNotAnInput(output, "save_vocab", absl::GetFlag(FLAGS_input)));
  absl::StatusOr<Corpus> corpus = OpenCorpusFromFlags();
  if (!corpus.ok()) return corpus.status();
  const VocabOptions options = VocabOptionsFromFlags();
  VocabStats stats;
  absl::StatusOr<Vocab> vocab = Vocab::Build(*corpus, options, &stats);
  if (!vocab.ok()) return vocab.status();
  if (absl::Status s = vocab->Save(output); !s.ok()) return s;
  std::printf(
      "tokens: %llu\ntypes: %llu\nsentences: %llu\n"
      "kept words: %d (min_count %lld%s)\nkept tokens: %lld\n"
      "seconds: %.3f\ntokens/s: %.0f\nsaved: %s\n",
      static_cast<unsigned long long>(stats.tokens),
      static_cast<unsigned long long>(stats.types),
      static_cast<unsigned long long>(stats.sentences), vocab->size(),
      static_cast<long long>(options.min_count),
      options.max_vocab > 0
          ? absl::StrCat(", max_vocab ", options.max_vocab).c_str()
          : "",
      static_cast<long long>(vocab->total_count()), stats.seconds,
      stats.seconds > 0 ? stats.tokens / stats.seconds : 0.0, output.c_str());
  return absl::OkStatus();
}

}  // namespace nce2vec
