// Reading the small text files of the evaluation sets.
#ifndef NCE2VEC_QUERY_TEXT_FILE_H_
#define NCE2VEC_QUERY_TEXT_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

// The whole file; errors name the path.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

// Lines split at "\n", a trailing "\r" removed; no empty last line for a
// final "\n". Views into `text`.
std::vector<absl::string_view> SplitLines(absl::string_view text);

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_TEXT_FILE_H_
