#include "src/query/text_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace nce2vec {
namespace {

absl::Status ErrnoError(absl::string_view role, const std::string& path,
                        absl::string_view what, int error) {
  return absl::Status(
      absl::ErrnoToStatusCode(error),
      absl::StrCat(role, " ", path, ": ", what, ": ", std::strerror(error)));
}

// Opens `path` for reading; null with *status set when it is not a readable
// regular file. fopen alone accepts a directory and fails only on reading.
std::FILE* OpenRegular(const std::string& path, absl::string_view role,
                       absl::Status* status) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *status = ErrnoError(role, path, "cannot open", errno);
    return nullptr;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0) {
    *status = ErrnoError(role, path, "cannot stat", errno);
  } else if (S_ISDIR(st.st_mode)) {
    *status = absl::FailedPreconditionError(
        absl::StrCat(role, " ", path, " is a directory, not a file"));
  } else {
    return f;
  }
  std::fclose(f);
  return nullptr;
}

}  // namespace

absl::Status CheckReadableFile(const std::string& path,
                               absl::string_view role) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return ErrnoError(role, path, "cannot open", errno);
  }
  // Opening a FIFO would wait for its writer, and closing it again could
  // kill the writer with SIGPIPE: pipes are left to the real read.
  if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) return absl::OkStatus();
  absl::Status status;
  std::FILE* f = OpenRegular(path, role, &status);
  if (f != nullptr) std::fclose(f);
  return status;
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path,
                                         absl::string_view role) {
  absl::Status status;
  std::FILE* f = OpenRegular(path, role, &status);
  if (f == nullptr) return status;
  const auto close = absl::Cleanup([f] { std::fclose(f); });
  std::string text;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), f)) > 0) {
    text.append(buffer, n);
  }
  if (std::ferror(f) != 0) {
    return ErrnoError(role, path, "cannot read", errno);
  }
  // Text never holds NUL: the file is binary (or UTF-16), and its "lines"
  // would be skipped one warning at a time.
  if (const size_t nul = text.find('\0'); nul != std::string::npos) {
    const size_t line_start = text.rfind('\n', nul);
    const size_t column =
        line_start == std::string::npos ? nul + 1 : nul - line_start;
    return absl::DataLossError(
        absl::StrCat(role, " ", path, ":",
                     std::count(text.begin(), text.begin() + nul, '\n') + 1,
                     ": NUL byte at column ", column,
                     "; expected text (is it a binary file, or UTF-16?)"));
  }
  return text;
}

std::vector<absl::string_view> SplitLines(absl::string_view text) {
  std::vector<absl::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    absl::string_view line = text.substr(0, end);
    absl::ConsumeSuffix(&line, "\r");
    lines.push_back(line);
    if (end == absl::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::string QuoteLine(absl::string_view line) {
  constexpr size_t kMaxBytes = 60;
  return absl::StrCat("'", absl::CHexEscape(line.substr(0, kMaxBytes)), "'",
                      line.size() > kMaxBytes ? "..." : "");
}

}  // namespace nce2vec
