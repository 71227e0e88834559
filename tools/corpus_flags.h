// Flags shared by every command that reads a corpus.
#ifndef NCE2VEC_TOOLS_CORPUS_FLAGS_H_
#define NCE2VEC_TOOLS_CORPUS_FLAGS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/corpus/corpus.h"
#include "src/vocab/vocab.h"
#include "tools/command.h"

ABSL_DECLARE_FLAG(std::vector<std::string>, input);
ABSL_DECLARE_FLAG(int64_t, min_count);
ABSL_DECLARE_FLAG(int64_t, max_vocab);
ABSL_DECLARE_FLAG(int32_t, threads);
ABSL_DECLARE_FLAG(std::string, save_vocab);

namespace nce2vec {

// --input, --min_count, --max_vocab, --threads, --save_vocab.
const FlagGroup& CorpusFlags();

// Validates --input, --min_count, --max_vocab and --threads (messages name
// the flag and its allowed range), reading no file.
absl::Status ValidateCorpusFlags();
// ValidateCorpusFlags, then opens the corpus: for a gzip file, one whole
// inflating pass.
absl::StatusOr<Corpus> OpenCorpusFromFlags();
VocabOptions VocabOptionsFromFlags();
// Fails when `path`, the value of output flag `flag` (e.g. "save_vocab"), is
// one of the corpus files `inputs` (the same file, under any name): writing
// it would replace the corpus.
absl::Status CheckNotAnInput(const std::string& path, absl::string_view flag,
                             const std::vector<std::string>& inputs);

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_CORPUS_FLAGS_H_
