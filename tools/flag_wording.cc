#include "tools/flag_wording.h"

#include <cctype>

#include "absl/strings/str_cat.h"

namespace nce2vec {
namespace {

// The settings whose flag is not named after their field.
struct Exception {
  absl::string_view setting;
  absl::string_view flag;
};
constexpr Exception kExceptions[] = {
    // Where the checkpoint's run read its corpus: the files of --input.
    {"Checkpoint::corpus_files", "input"},
};

bool IsFieldChar(char c) {
  return std::islower(static_cast<unsigned char>(c)) ||
         std::isdigit(static_cast<unsigned char>(c)) || c == '_';
}

bool IsStructChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

}  // namespace

std::string FlagName(absl::string_view setting) {
  for (const Exception& exception : kExceptions) {
    if (exception.setting == setting) return std::string(exception.flag);
  }
  const size_t colons = setting.rfind("::");
  return std::string(
      colons == absl::string_view::npos ? setting : setting.substr(colons + 2));
}

std::string FlagWording(absl::string_view message) {
  std::string out;
  size_t done = 0;  // message[0, done) is in out
  for (size_t colons = message.find("::"); colons != absl::string_view::npos;
       colons = message.find("::", colons + 2)) {
    size_t begin = colons;
    while (begin > done && IsStructChar(message[begin - 1])) --begin;
    size_t end = colons + 2;
    while (end < message.size() && IsFieldChar(message[end])) ++end;
    const bool setting =
        begin < colons &&
        std::isupper(static_cast<unsigned char>(message[begin])) &&
        end > colons + 2 &&
        std::islower(static_cast<unsigned char>(message[colons + 2]));
    if (!setting) continue;
    absl::StrAppend(&out, message.substr(done, begin - done), "--",
                    FlagName(message.substr(begin, end - begin)));
    done = end;
  }
  absl::StrAppend(&out, message.substr(done));
  return out;
}

}  // namespace nce2vec
