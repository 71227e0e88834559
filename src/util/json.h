// A small writer for the JSON reports nce2vec prints and saves (flat
// objects and arrays of them). Non-finite numbers become null, as JSON has
// no NaN or Inf. Every JSON nce2vec writes goes through JsonString, which
// makes any bytes valid JSON text (see there).
#ifndef NCE2VEC_UTIL_JSON_H_
#define NCE2VEC_UTIL_JSON_H_

#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

// `text` as a quoted JSON string. JSON text must be UTF-8 (RFC 8259), but
// words are bytes: a corpus in Latin-1 gives "caf\xE9". Each invalid UTF-8
// sequence (by its maximal subpart, see utf8.h) becomes U+FFFD, the character
// Unicode reserves for this, rather than a \u00XX escape per byte, which
// would silently turn the word into a different, valid one (Latin-1 read
// as code points). A Python reader decoding the same bytes with
// errors="replace" gets the same string. Control characters are escaped.
std::string JsonString(absl::string_view text);

// The text of a string JsonString wrote, quotes and escapes undone; for
// the places that hold a value as JSON and need it again as text (a CSV
// cell). REQUIRES: `json` came from JsonString.
std::string JsonStringText(absl::string_view json);

inline std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  return absl::StrFormat("%.10g", value);
}

// Builds {"key": value, ...} in insertion order.
class JsonObject {
 public:
  JsonObject& Add(absl::string_view key, double value) {
    return AddRaw(key, JsonNumber(value));
  }
  JsonObject& Add(absl::string_view key, int64_t value) {
    return AddRaw(key, absl::StrCat(value));
  }
  JsonObject& Add(absl::string_view key, int value) {
    return AddRaw(key, absl::StrCat(value));
  }
  JsonObject& Add(absl::string_view key, bool value) {
    return AddRaw(key, value ? "true" : "false");
  }
  JsonObject& Add(absl::string_view key, absl::string_view value) {
    return AddRaw(key, JsonString(value));
  }
  JsonObject& Add(absl::string_view key, const char* value) {
    return AddRaw(key, JsonString(value));
  }
  JsonObject& AddNull(absl::string_view key) { return AddRaw(key, "null"); }
  // `json` must already be valid JSON (an object, array or literal).
  JsonObject& AddRaw(absl::string_view key, absl::string_view json) {
    absl::StrAppend(&body_, body_.empty() ? "" : ", ", JsonString(key), ": ",
                    json);
    return *this;
  }
  std::string str() const { return absl::StrCat("{", body_, "}"); }

 private:
  std::string body_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_UTIL_JSON_H_
