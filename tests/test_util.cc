#include "tests/test_util.h"

#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace nce2vec::testing {
namespace {

std::vector<std::string>* Created() {
  static auto* dirs = new std::vector<std::string>;
  return dirs;
}

void RemoveCreated() {
  for (const std::string& dir : *Created()) {
    std::system(("rm -rf '" + dir + "'").c_str());
  }
}

}  // namespace

std::string TempDir() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string pattern =
      std::string(base ? base : "/tmp") + "/nce2vec_test.XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  if (Created()->empty()) std::atexit(RemoveCreated);
  Created()->push_back(pattern);
  return pattern;
}

std::string WriteTempFile(const std::string& dir, absl::string_view name,
                          absl::string_view contents) {
  const std::string path = dir + "/" + std::string(name);
  std::ofstream out(path, std::ios::binary);
  out.write(contents.data(), contents.size());
  if (!out) std::abort();
  return path;
}

std::string WriteTempGzipFile(const std::string& dir, absl::string_view name,
                              absl::string_view contents) {
  const std::string path = dir + "/" + std::string(name);
  gzFile gz = gzopen(path.c_str(), "wb");
  if (gz == nullptr) std::abort();
  if (!contents.empty() && gzwrite(gz, contents.data(), contents.size()) !=
                               static_cast<int>(contents.size())) {
    std::abort();
  }
  gzclose(gz);
  return path;
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) std::abort();
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int RunCommand(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  output->clear();
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    output->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Nce2vecBinary() { return NCE2VEC_BINARY; }

std::string PythonModuleMissing(absl::string_view module) {
  std::string output;
  if (RunCommand(absl::StrCat("/usr/bin/python3 -c 'import ", module, "'"),
                 &output) == 0) {
    return "";
  }
  // The exception is the last line of the traceback.
  absl::string_view error = absl::StripTrailingAsciiWhitespace(output);
  error = error.substr(error.rfind('\n') + 1);
  return absl::StrCat("/usr/bin/python3 cannot import ", module, " (", error,
                      "); `make deps` installs python3-", module);
}

}  // namespace nce2vec::testing
