#include "src/util/utf8.h"

namespace nce2vec {

int32_t DecodeUtf8(absl::string_view text, size_t* i) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + *i;
  const size_t available = text.size() - *i;
  const unsigned char lead = p[0];
  if (lead < 0x80) {
    ++*i;
    return lead;
  }
  size_t length;
  int32_t code_point;
  // The allowed range of the second byte; later bytes are 80..BF. Narrower
  // second-byte ranges exclude overlong forms (E0, F0), surrogates (ED) and
  // values above U+10FFFF (F4).
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    // A continuation byte, C0/C1 (always overlong) or F5..FF.
    ++*i;
    return kInvalidUtf8;
  }
  for (size_t k = 1; k < length; ++k) {
    if (k == available || p[k] < low || p[k] > high) {
      *i += k;
      return kInvalidUtf8;
    }
    code_point = (code_point << 6) | (p[k] & 0x3F);
    low = 0x80;
    high = 0xBF;
  }
  *i += length;
  return code_point;
}

void AppendUtf8(int32_t code_point, std::string* out) {
  const auto put = [out](int32_t byte) {
    out->push_back(static_cast<char>(byte));
  };
  if (code_point < 0x80) {
    put(code_point);
  } else if (code_point < 0x800) {
    put(0xC0 | (code_point >> 6));
    put(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    put(0xE0 | (code_point >> 12));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  } else {
    put(0xF0 | (code_point >> 18));
    put(0x80 | ((code_point >> 12) & 0x3F));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  }
}

}  // namespace nce2vec
