#include "tools/train_outputs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace nce2vec {
namespace {

std::string Folder(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

absl::Status Probe(const OutputPath& output) {
  const std::string where = absl::StrCat("--", output.flag, "=", output.path);
  struct stat st;
  if (stat(output.path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, " is a folder; give a file name"));
  }
  const std::string folder = Folder(output.path);
  if (stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": folder ", folder, " does not exist"));
  }
  // The same name pattern AtomicFile uses, so that the probe tests what the
  // real write will do.
  std::string temp = absl::StrCat(output.path, ".tmp.XXXXXX");
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrCat(where, ": cannot create a file in ", folder, ": ",
                     std::strerror(errno)));
  }
  close(fd);
  unlink(temp.c_str());
  return absl::OkStatus();
}

}  // namespace

absl::Status ProbeOutputPaths(const std::vector<OutputPath>& outputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].path.empty()) continue;
    for (size_t j = 0; j < i; ++j) {
      if (outputs[j].path == outputs[i].path) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", outputs[j].flag, " and --", outputs[i].flag,
                         " name the same file ", outputs[i].path));
      }
    }
    if (absl::Status s = Probe(outputs[i]); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
