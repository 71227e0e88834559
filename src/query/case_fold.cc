#include "src/query/case_fold.h"

#include <locale.h>
#include <wctype.h>

#include <algorithm>

namespace nce2vec {
namespace {

// Decodes one UTF-8 sequence at text[*i]; returns -1 (and advances one byte)
// on an invalid one.
int32_t DecodeUtf8(absl::string_view text, size_t* i) {
  const auto byte = [&](size_t j) {
    return static_cast<unsigned char>(text[j]);
  };
  const unsigned char b0 = byte(*i);
  int len;
  int32_t cp;
  if (b0 < 0x80) {
    ++*i;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0 && b0 >= 0xC2) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++*i;
    return -1;
  }
  if (*i + len > text.size()) {
    ++*i;
    return -1;
  }
  for (int j = 1; j < len; ++j) {
    const unsigned char b = byte(*i + j);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms and surrogates are invalid.
  if ((len == 3 && cp < 0x800) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return -1;
  }
  *i += len;
  return cp;
}

void AppendUtf8(int32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Full (one-to-many) upper-case mappings of Unicode's SpecialCasing.txt that
// occur in Latin-script word lists; nullptr for the others.
const char* SpecialUpper(int32_t cp) {
  switch (cp) {
    case 0x00DF:
      return "SS";
    case 0x0149:
      return "\xCA\xBCN";
    case 0xFB00:
      return "FF";
    case 0xFB01:
      return "FI";
    case 0xFB02:
      return "FL";
    case 0xFB03:
      return "FFI";
    case 0xFB04:
      return "FFL";
    case 0xFB05:
      return "ST";
    case 0xFB06:
      return "ST";
    default:
      return nullptr;
  }
}

locale_t Utf8Locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  return locale;
}

}  // namespace

std::string PythonUpper(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out.push_back(b >= 'a' && b <= 'z' ? static_cast<char>(b - 32)
                                         : static_cast<char>(b));
      ++i;
      continue;
    }
    const size_t start = i;
    const int32_t cp = DecodeUtf8(text, &i);
    if (cp < 0) {
      out.append(text.data() + start, i - start);
      continue;
    }
    if (const char* special = SpecialUpper(cp)) {
      out += special;
      continue;
    }
    const locale_t locale = Utf8Locale();
    AppendUtf8(locale == nullptr ? cp
                                 : static_cast<int32_t>(towupper_l(
                                       static_cast<wint_t>(cp), locale)),
               &out);
  }
  return out;
}

FoldedVocab::FoldedVocab(const Embeddings& e, int64_t rows) {
  rows = std::min(rows, e.size());
  canonical_.resize(rows);
  first_row_.reserve(rows);
  for (int64_t r = 0; r < rows; ++r) {
    const auto [it, inserted] =
        first_row_.emplace(PythonUpper(e.word(r)), static_cast<int32_t>(r));
    canonical_[r] = it->second;
  }
}

int32_t FoldedVocab::Find(const std::string& upper) const {
  const auto it = first_row_.find(upper);
  return it == first_row_.end() ? -1 : it->second;
}

std::vector<absl::string_view> SplitPythonWhitespace(absl::string_view line) {
  // Returns the byte length of the whitespace character at line[i], or 0.
  const auto space_at = [&](size_t i) -> size_t {
    const unsigned char b = static_cast<unsigned char>(line[i]);
    if (b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1C && b <= 0x1F)) {
      return 1;
    }
    if (b < 0x80) return 0;
    size_t j = i;
    const int32_t cp = DecodeUtf8(line, &j);
    const bool space = cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
                       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
                       cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
                       cp == 0x3000;
    return space ? j - i : 0;
  };
  std::vector<absl::string_view> fields;
  size_t i = 0;
  size_t start = 0;
  bool in_field = false;
  while (i < line.size()) {
    const size_t n = space_at(i);
    if (n > 0) {
      if (in_field) fields.push_back(line.substr(start, i - start));
      in_field = false;
      i += n;
    } else {
      if (!in_field) start = i;
      in_field = true;
      ++i;
    }
  }
  if (in_field) fields.push_back(line.substr(start));
  return fields;
}

}  // namespace nce2vec
