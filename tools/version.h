// The version and the options of this build, for `nce2vec --version` and
// the bench's reports.
#ifndef NCE2VEC_TOOLS_VERSION_H_
#define NCE2VEC_TOOLS_VERSION_H_

#include <string>

#include "absl/strings/string_view.h"

namespace nce2vec {

// From project() in CMakeLists.txt, the one place the version lives.
absl::string_view Version();

// "nce2vec VERSION" (the first line, in the form help2man reads), then one
// "option: value" line each for the target CPU (native or portable),
// OpenBLAS as the loaded library reports its build, MPI, the compiler and
// Abseil.
std::string VersionText();

// The same options on one line, "arch: native; OpenBLAS: ...; ...".
std::string BuildOptionsLine();

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_VERSION_H_
