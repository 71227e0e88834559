// SVG to PNG through a converter installed on the machine, if any:
// rsvg-convert (librsvg2-bin) first, as it renders text best, then
// ImageMagick's convert. nce2vec depends on neither.
#ifndef NCE2VEC_BENCH_PNG_CONVERT_H_
#define NCE2VEC_BENCH_PNG_CONVERT_H_

#include <string>

#include "absl/status/status.h"

namespace nce2vec {

// The converter's name, or "" when neither is on the PATH.
std::string FindPngConverter();

// Writes `png` from `svg` with `converter` (as FindPngConverter names it);
// the PNG appears whole or not at all. Fails naming the converter and its
// exit status.
absl::Status ConvertSvgToPng(const std::string& converter,
                             const std::string& svg, const std::string& png);

}  // namespace nce2vec

#endif  // NCE2VEC_BENCH_PNG_CONVERT_H_
