// UTF-8 decoding and encoding for the code that must look at characters:
// JSON output and Python-compatible case folding. Words elsewhere are bytes.
//
// Decoding follows Unicode's table of well-formed byte sequences (chapter 3,
// "Well-Formed UTF-8 Byte Sequences"): overlong forms, surrogates
// (U+D800..U+DFFF) and values above U+10FFFF are invalid. An invalid sequence
// is skipped by its "maximal subpart" (the longest prefix of a well-formed
// sequence, or one byte), Unicode's recommended unit for replacing with
// U+FFFD and what Python's bytes.decode("utf-8", "replace") does, so that
// every replacement we make matches the one a Python reader would.
#ifndef NCE2VEC_UTIL_UTF8_H_
#define NCE2VEC_UTIL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace nce2vec {

inline constexpr int32_t kInvalidUtf8 = -1;
// U+FFFD REPLACEMENT CHARACTER, UTF-8 encoded.
inline constexpr absl::string_view kUtf8Replacement = "\xEF\xBF\xBD";

// The code point of the sequence at text[*i], with *i moved past it; on
// invalid bytes kInvalidUtf8, with *i moved past their maximal subpart.
// REQUIRES: *i < text.size().
int32_t DecodeUtf8(absl::string_view text, size_t* i);

// Appends `code_point` (a Unicode scalar value) UTF-8 encoded.
void AppendUtf8(int32_t code_point, std::string* out);

}  // namespace nce2vec

#endif  // NCE2VEC_UTIL_UTF8_H_
