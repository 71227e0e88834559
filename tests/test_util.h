// Helpers shared by the tests: scratch folders and files, running commands.
// (The evaluation sets: src/query/eval_sets.h.)
#ifndef NCE2VEC_TESTS_TEST_UTIL_H_
#define NCE2VEC_TESTS_TEST_UTIL_H_

#include <string>

#include "absl/strings/string_view.h"

namespace nce2vec::testing {

// Whether the tests are built with AddressSanitizer: GCC defines
// __SANITIZE_ADDRESS__, clang answers __has_feature.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// A fresh empty folder under $TEST_TMPDIR or /tmp, removed at exit.
std::string TempDir();
// Writes `contents` to `dir`/`name` and returns the path.
std::string WriteTempFile(const std::string& dir, absl::string_view name,
                          absl::string_view contents);
// Writes `contents` gzip-compressed.
std::string WriteTempGzipFile(const std::string& dir, absl::string_view name,
                              absl::string_view contents);
std::string ReadFileOrDie(const std::string& path);
// Runs a shell command; returns its exit status and fills *output with its
// standard output and error.
int RunCommand(const std::string& command, std::string* output);
// The nce2vec binary built with the tests.
std::string Nce2vecBinary();
// "" when /usr/bin/python3 can import `module` (e.g. "gensim"); otherwise
// why not and how to fix it, for a test to skip with:
//   if (auto why = PythonModuleMissing("gensim"); !why.empty())
//     GTEST_SKIP() << why;
std::string PythonModuleMissing(absl::string_view module);

}  // namespace nce2vec::testing

#endif  // NCE2VEC_TESTS_TEST_UTIL_H_
