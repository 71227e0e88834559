#include <cstdint>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "src/util/utf8.h"

namespace nce2vec {
namespace {

struct Decoded {
  int32_t code_point;
  size_t length;
};

Decoded DecodeFirst(absl::string_view bytes) {
  size_t i = 0;
  const int32_t cp = DecodeUtf8(bytes, &i);
  return {cp, i};
}

// (bytes, code point or kInvalidUtf8, bytes consumed). The invalid lengths
// are the maximal subparts Python's bytes.decode("utf-8", "replace") turns
// into one U+FFFD each.
struct Case {
  std::string bytes;
  int32_t code_point;
  size_t length;
};

TEST(Utf8Test, DecodesAndSkipsAsUnicodeSays) {
  const std::vector<Case> cases = {
      {"a", 'a', 1},
      {"\x7F", 0x7F, 1},
      {"\xC3\xA9", 0xE9, 2},                  // é
      {"\xE2\x82\xAC", 0x20AC, 3},            // €
      {"\xF0\x9F\x98\x80", 0x1F600, 4},       // emoji
      {"\xED\x9F\xBF", 0xD7FF, 3},            // just below the surrogates
      {"\xEE\x80\x80", 0xE000, 3},            // just above them
      {"\xF4\x8F\xBF\xBF", 0x10FFFF, 4},      // the last code point
      {"\xE9", kInvalidUtf8, 1},              // Latin-1 "é"
      {"\x80", kInvalidUtf8, 1},              // lone continuation byte
      {"\xBF\x80", kInvalidUtf8, 1},          // each one on its own
      {"\xC0\xAF", kInvalidUtf8, 1},          // overlong "/", C0 never valid
      {"\xC1\xBF", kInvalidUtf8, 1},          // overlong
      {"\xE0\x80\xAF", kInvalidUtf8, 1},      // overlong, 3 bytes
      {"\xE0\x9F\xBF", kInvalidUtf8, 1},      // overlong U+07FF
      {"\xF0\x80\x80\xAF", kInvalidUtf8, 1},  // overlong, 4 bytes
      {"\xF0\x8F\xBF\xBF", kInvalidUtf8, 1},  // overlong U+FFFF
      {"\xED\xA0\x80", kInvalidUtf8, 1},      // surrogate U+D800
      {"\xED\xBF\xBF", kInvalidUtf8, 1},      // surrogate U+DFFF
      {"\xF4\x90\x80\x80", kInvalidUtf8, 1},  // U+110000
      {"\xF5\x80\x80\x80", kInvalidUtf8, 1},  // F5..FF never valid
      {"\xFF", kInvalidUtf8, 1},
      {"\xC3", kInvalidUtf8, 1},      // truncated at the end
      {"\xE2\x82", kInvalidUtf8, 2},  // truncated: one maximal subpart
      {"\xF0\x9F\x98", kInvalidUtf8, 3},
      {"\xE2\x82x", kInvalidUtf8, 2},         // cut short by an ASCII byte
      {"\xF0\x9F\xC3\xA9", kInvalidUtf8, 2},  // ... or by a new lead byte
  };
  for (const Case& c : cases) {
    const Decoded d = DecodeFirst(c.bytes);
    EXPECT_EQ(d.code_point, c.code_point) << absl::CHexEscape(c.bytes);
    EXPECT_EQ(d.length, c.length) << absl::CHexEscape(c.bytes);
  }
}

TEST(Utf8Test, EveryScalarValueRoundTrips) {
  for (int32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp == 0xD800) cp = 0xE000;
    std::string bytes;
    AppendUtf8(cp, &bytes);
    const size_t expected = cp < 0x80      ? 1
                            : cp < 0x800   ? 2
                            : cp < 0x10000 ? 3
                                           : 4;
    ASSERT_EQ(bytes.size(), expected) << cp;
    const Decoded d = DecodeFirst(bytes);
    ASSERT_EQ(d.code_point, cp);
    ASSERT_EQ(d.length, expected);
  }
}

// The decoder against a definition written independently of it: a sequence
// is valid iff it is the encoding of a scalar value, and an invalid one is
// skipped by its longest prefix that begins some valid encoding (at least
// one byte). Checked on every 1- and 2-byte string and on longer ones whose
// bytes after the first are the boundary values of the continuation ranges.
TEST(Utf8Test, AgreesWithTheDefinitionOnBoundaryBytes) {
  const std::vector<unsigned char> boundaries = {
      0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xFF};
  const auto is_boundary = [&](char c) {
    return absl::c_linear_search(boundaries, static_cast<unsigned char>(c));
  };
  // A string of up to 4 bytes as a number; the length keeps "\0" apart.
  const auto key = [](absl::string_view s) {
    uint64_t k = s.size();
    for (const char c : s) k = (k << 8) | static_cast<unsigned char>(c);
    return k;
  };
  // What each string the checks below can meet is: kPrefix if it begins a
  // valid encoding, kValid if it is one. Strings of 1 or 2 bytes are looked
  // up in a table (their keys are below 3 << 16), longer ones, whose bytes
  // after the second are boundary values, in a map.
  constexpr uint8_t kPrefix = 1, kValid = 2;
  std::vector<uint8_t> short_kinds(3 << 16, 0);
  absl::flat_hash_map<uint64_t, uint8_t> long_kinds;
  const auto kind = [&](absl::string_view s) -> uint8_t {
    if (s.size() <= 2) return short_kinds[key(s)];
    const auto it = long_kinds.find(key(s));
    return it == long_kinds.end() ? 0 : it->second;
  };
  std::string bytes;
  for (int32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp == 0xD800) cp = 0xE000;
    bytes.clear();
    AppendUtf8(cp, &bytes);
    for (size_t n = 1; n <= bytes.size(); ++n) {
      const uint8_t flags = n == bytes.size() ? kPrefix | kValid : kPrefix;
      if (n <= 2) {
        short_kinds[key(absl::string_view(bytes).substr(0, n))] |= flags;
      } else if (is_boundary(bytes[n - 1])) {
        long_kinds[key(absl::string_view(bytes).substr(0, n))] |= flags;
      } else {
        break;
      }
    }
  }
  const auto check = [&](const std::string& s) {
    size_t longest = 1;
    while (longest < s.size() &&
           (kind(absl::string_view(s).substr(0, longest + 1)) & kPrefix)) {
      ++longest;
    }
    const bool is_valid = kind(s.substr(0, longest)) & kValid;
    const Decoded d = DecodeFirst(s);
    ASSERT_EQ(d.code_point != kInvalidUtf8, is_valid) << absl::CHexEscape(s);
    ASSERT_EQ(d.length, longest) << absl::CHexEscape(s);
  };
  for (int a = 0; a < 256; ++a) {
    check(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 256; ++b) {
      std::string s = {static_cast<char>(a), static_cast<char>(b)};
      check(s);
      if (a < 0xE0 || a > 0xF4 || !is_boundary(s[1])) continue;
      for (const unsigned char c : boundaries) {
        s.resize(2);
        s.push_back(static_cast<char>(c));
        check(s);
        for (const unsigned char d : boundaries) {
          s.resize(3);
          s.push_back(static_cast<char>(d));
          check(s);
        }
      }
    }
  }
}

}  // namespace
}  // namespace nce2vec
