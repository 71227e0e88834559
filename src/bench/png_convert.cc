#include "src/bench/png_convert.h"

#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

extern char** environ;

namespace nce2vec {
namespace {

bool OnPath(absl::string_view program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  for (absl::string_view dir : absl::StrSplit(path, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = absl::StrCat(dir, "/", program);
    struct stat st;
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string FindPngConverter() {
  for (const char* program : {"rsvg-convert", "convert"}) {
    if (OnPath(program)) return program;
  }
  return "";
}

absl::Status ConvertSvgToPng(const std::string& converter,
                             const std::string& svg, const std::string& png) {
  const std::string temp = png + ".tmp.png";
  std::vector<std::string> args;
  if (converter == "rsvg-convert") {
    args = {converter, "--background-color=white", "-o", temp, svg};
  } else {
    args = {converter, "-background", "white", "-flatten", svg, temp};
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid;
  const int error = posix_spawnp(&pid, converter.c_str(), nullptr, nullptr,
                                 argv.data(), environ);
  if (error != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot run ", converter, ": ", std::strerror(error)));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::remove(temp.c_str());
    return absl::InternalError(
        absl::StrCat(converter, " failed on ", svg, " (exit status ",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1, ")"));
  }
  if (std::rename(temp.c_str(), png.c_str()) != 0) {
    std::remove(temp.c_str());
    return absl::InternalError(absl::StrCat("cannot rename ", temp, " to ", png,
                                            ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
