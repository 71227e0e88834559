// The files a bench leaves in its output folder.
#ifndef NCE2VEC_BENCH_BENCH_OUTPUT_H_
#define NCE2VEC_BENCH_BENCH_OUTPUT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "src/bench/bench_result.h"

namespace nce2vec {

// Writes `dir`/results.json, results.csv and the SVG figures, each
// atomically, so that a bench stopped half-way leaves whole files of the
// runs done. Returns the SVG paths.
absl::StatusOr<std::vector<std::string>> WriteBenchResults(
    const BenchReport& report, const std::string& dir);

// A PNG beside each SVG when a converter is installed (see png_convert.h).
// Never fails: what could not be converted, and why, goes to `notes`.
// Returns the PNG paths written.
std::vector<std::string> WritePngCopies(const std::vector<std::string>& svgs,
                                        std::vector<std::string>* notes);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_BENCH_OUTPUT_H_
