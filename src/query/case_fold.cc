#include "src/query/case_fold.h"

#include <algorithm>
#include <iterator>

#include "src/query/upper_case_table.h"
#include "src/util/utf8.h"

namespace nce2vec {
namespace {

// The upper case of one non-ASCII code point from the generated tables: a
// multi-character one in *special, else the single code point.
int32_t UpperCodePoint(int32_t cp, const char** special) {
  using upper_case_table::kRuns;
  using upper_case_table::kSpecials;
  const auto* s =
      std::lower_bound(std::begin(kSpecials), std::end(kSpecials), cp,
                       [](const upper_case_table::Special& e, int32_t c) {
                         return e.code_point < c;
                       });
  if (s != std::end(kSpecials) && s->code_point == cp) {
    *special = s->upper;
    return cp;
  }
  // The last run starting at or before cp.
  const auto* run = std::upper_bound(
      std::begin(kRuns), std::end(kRuns), cp,
      [](int32_t c, const upper_case_table::Run& r) { return c < r.first; });
  if (run == std::begin(kRuns)) return cp;
  --run;
  if (cp > run->last || (cp - run->first) % run->stride != 0) return cp;
  return cp + run->delta;
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
    if (cp == kInvalidUtf8) {
      out.append(text.data() + start, i - start);
      continue;
    }
    const char* special = nullptr;
    const int32_t upper = UpperCodePoint(cp, &special);
    if (special != nullptr) {
      out += special;
    } else {
      AppendUtf8(upper, &out);
    }
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
