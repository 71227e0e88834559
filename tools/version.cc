#include "tools/version.h"

#include <cblas.h>

#include <utility>
#include <vector>

#include "absl/base/config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/distributed/world.h"

// The instruction set the code was compiled for, set by CMakeLists.txt:
// "native" (-march=native, this build machine's CPU) or "portable" (the
// compiler's default for the architecture).
#ifndef NCE2VEC_BUILD_ARCH
#define NCE2VEC_BUILD_ARCH "native"
#endif

namespace nce2vec {
namespace {

std::vector<std::pair<std::string, std::string>> BuildOptions() {
  return {
    {"arch", NCE2VEC_BUILD_ARCH},
        {"OpenBLAS",
         std::string(absl::StripAsciiWhitespace(openblas_get_config()))},
        {"MPI", MpiDescription()},
#if defined(__clang__)
        {"compiler", absl::StrCat("clang ", __clang_version__)},
#elif defined(__GNUC__)
        {"compiler", absl::StrCat("GCC ", __VERSION__)},
#else
        {"compiler", __VERSION__},
#endif
        {"Abseil", absl::StrCat(ABSL_LTS_RELEASE_VERSION)},
  };
}

}  // namespace

absl::string_view Version() { return NCE2VEC_VERSION; }

std::string VersionText() {
  std::string text = absl::StrCat("nce2vec ", Version(), "\n");
  for (const auto& [name, value] : BuildOptions()) {
    absl::StrAppend(&text, name, ": ", value, "\n");
  }
  return text;
}

std::string BuildOptionsLine() {
  return absl::StrJoin(BuildOptions(), "; ",
                       absl::PairFormatter(absl::AlphaNumFormatter(), ": ",
                                           absl::AlphaNumFormatter()));
}

}  // namespace nce2vec
