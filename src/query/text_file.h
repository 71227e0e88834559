// Reading the small text files of the evaluation sets and query lists.
#ifndef NCE2VEC_QUERY_TEXT_FILE_H_
#define NCE2VEC_QUERY_TEXT_FILE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

// Checks that `path` exists, is not a directory and, when it is a regular
// file, can be opened for reading, so that a command refuses a bad path
// before its slow work (loading vectors). A pipe or device passes unopened.
// Errors read "<role> <path>: <why>", e.g. "analogy file q.txt: ...".
absl::Status CheckReadableFile(const std::string& path, absl::string_view role);

// The whole file; errors name the role and the path as CheckReadableFile's.
// A NUL byte is an error naming its line and column: text never holds one.
absl::StatusOr<std::string> ReadTextFile(const std::string& path,
                                         absl::string_view role);

// Lines split at "\n", a trailing "\r" removed; no empty last line for a
// final "\n". Views into `text`.
std::vector<absl::string_view> SplitLines(absl::string_view text);

// `line` as an error message quotes it: C-escaped, cut after 60 bytes.
std::string QuoteLine(absl::string_view line);

}  // namespace nce2vec

#endif  // NCE2VEC_QUERY_TEXT_FILE_H_
