// A small writer for the JSON reports nce2vec prints and saves (flat
// objects and arrays of them). Non-finite numbers become null, as JSON has
// no NaN or Inf.
#ifndef NCE2VEC_UTIL_JSON_H_
#define NCE2VEC_UTIL_JSON_H_

#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

// `text` as a quoted JSON string.
inline std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

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
