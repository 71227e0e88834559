#include "src/util/json.h"

#include "absl/strings/numbers.h"
#include "src/util/utf8.h"

namespace nce2vec {

std::string JsonString(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      const size_t start = i;
      if (DecodeUtf8(text, &i) == kInvalidUtf8) {
        out.append(kUtf8Replacement.data(), kUtf8Replacement.size());
      } else {
        out.append(text.data() + start, i - start);
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", c);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string JsonStringText(absl::string_view json) {
  std::string text;
  text.reserve(json.size());
  for (size_t i = 1; i + 1 < json.size(); ++i) {
    if (json[i] != '\\') {
      text.push_back(json[i]);
      continue;
    }
    switch (json[++i]) {
      case 'n':
        text.push_back('\n');
        break;
      case 't':
        text.push_back('\t');
        break;
      case 'r':
        text.push_back('\r');
        break;
      case 'u': {
        // JsonString writes \u only for control characters, below 0x20.
        int code = 0;
        if (absl::SimpleHexAtoi(json.substr(i + 1, 4), &code)) {
          text.push_back(static_cast<char>(code));
          i += 4;
        } else {
          text += "\\u";
        }
        break;
      }
      default:  // \" and \\.
        text.push_back(json[i]);
    }
  }
  return text;
}

}  // namespace nce2vec
