#include "src/query/eval_sets.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

// data/eval of the source tree, set by CMakeLists.txt for this file only.
#ifndef NCE2VEC_SOURCE_EVAL_DIR
#define NCE2VEC_SOURCE_EVAL_DIR ""
#endif

namespace nce2vec {
namespace {

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

EvalSetFiles SetsIn(const std::string& dir) {
  EvalSetFiles sets;
  sets.dir = dir;
  const auto add = [&](absl::string_view name) {
    if (IsFile(absl::StrCat(dir, "/", name))) sets.files.emplace_back(name);
  };
  add(kAnalogySetFile);
  for (absl::string_view name : kSimilaritySetFiles) add(name);
  return sets;
}

std::string AllSetNames() {
  return absl::StrCat(kAnalogySetFile, ", ",
                      absl::StrJoin(kSimilaritySetFiles, ", "));
}

absl::StatusOr<EvalSetFiles> SetsInNamed(const std::string& dir,
                                         absl::string_view named_as) {
  EvalSetFiles sets = SetsIn(dir);
  if (sets.files.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(named_as, " ", dir, ": holds none of ", AllSetNames()));
  }
  return sets;
}

std::string ThisExecutable() {
  std::string path(4096, '\0');
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size());
  if (n <= 0 || static_cast<size_t>(n) >= path.size()) return "";
  path.resize(n);
  return path;
}

}  // namespace

std::string EvalSetFiles::Path(absl::string_view name) const {
  const bool present =
      std::find(files.begin(), files.end(), name) != files.end();
  return present ? absl::StrCat(dir, "/", name) : "";
}

std::vector<std::string> EvalSetFiles::similarity() const {
  std::vector<std::string> paths;
  for (absl::string_view name : kSimilaritySetFiles) {
    std::string path = Path(name);
    if (!path.empty()) paths.push_back(std::move(path));
  }
  return paths;
}

std::vector<std::string> DefaultEvalDirs(const std::string& executable) {
  std::vector<std::filesystem::path> candidates;
  if (!executable.empty()) {
    const std::filesystem::path bin =
        std::filesystem::path(executable).parent_path();
    candidates.push_back(bin / ".." / "share" / "nce2vec" / "eval");
    candidates.push_back(bin / ".." / "data" / "eval");
  }
  if (*NCE2VEC_SOURCE_EVAL_DIR != '\0') {
    candidates.emplace_back(NCE2VEC_SOURCE_EVAL_DIR);
  }
  std::vector<std::string> dirs;
  for (const std::filesystem::path& candidate : candidates) {
    std::string dir = candidate.lexically_normal().string();
    if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) {
      dirs.push_back(std::move(dir));
    }
  }
  return dirs;
}

EvalDirSearch ThisProcessEvalDirSearch(std::string named,
                                       std::string named_as) {
  EvalDirSearch search;
  search.named = std::move(named);
  search.named_as = std::move(named_as);
  const char* env = std::getenv(kEvalDirEnv);
  if (env != nullptr) search.env = env;
  search.defaults = DefaultEvalDirs(ThisExecutable());
  return search;
}

absl::StatusOr<EvalSetFiles> LocateEvalSets(const EvalDirSearch& search) {
  if (!search.named.empty()) return SetsInNamed(search.named, search.named_as);
  if (!search.env.empty()) {
    return SetsInNamed(search.env, absl::StrCat("$", kEvalDirEnv));
  }
  for (const std::string& dir : search.defaults) {
    EvalSetFiles sets = SetsIn(dir);
    if (!sets.files.empty()) return sets;
  }
  return absl::NotFoundError(absl::StrCat(
      "no evaluation sets (", AllSetNames(), ") in ",
      search.defaults.empty() ? "any default folder"
                              : absl::StrJoin(search.defaults, ", "),
      "; name their folder with ",
      search.named_as.empty() ? "" : absl::StrCat(search.named_as, " or "), "$",
      kEvalDirEnv));
}

}  // namespace nce2vec
