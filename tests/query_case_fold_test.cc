// PythonUpper against Python's own str.upper(), for every code point.
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "src/query/case_fold.h"
#include "src/query/upper_case_table.h"
#include "src/util/utf8.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

TEST(CaseFoldTableTest, MatchesPythonForEveryCodePoint) {
  std::string version;
  if (testing::RunCommand("python3 -c 'import unicodedata; "
                          "print(unicodedata.unidata_version, end=\"\")'",
                          &version) != 0) {
    GTEST_SKIP() << "python3 is needed to compare with str.upper(): "
                 << version;
  }
  if (version != upper_case_table::kUnicodeVersion) {
    GTEST_SKIP() << "upper_case_table.h follows Unicode "
                 << upper_case_table::kUnicodeVersion << ", python3 has "
                 << version
                 << ": regenerate it with src/query/upper_case_table.py to "
                    "compare";
  }
  // Python lists the code points str.upper() changes, with their upper case
  // as hex UTF-8; every other one must be left alone.
  std::string listing;
  ASSERT_EQ(
      testing::RunCommand("python3 -c 'import sys\n"
                          "for cp in range(0x110000):\n"
                          "    if 0xD800 <= cp <= 0xDFFF: continue\n"
                          "    u = chr(cp).upper()\n"
                          "    if u != chr(cp): print(cp, u.encode().hex())'",
                          &listing),
      0)
      << listing;
  absl::flat_hash_map<int32_t, std::string> changed;
  for (const absl::string_view line :
       absl::StrSplit(listing, '\n', absl::SkipEmpty())) {
    const std::vector<absl::string_view> fields = absl::StrSplit(line, ' ');
    ASSERT_EQ(fields.size(), 2u) << line;
    int32_t cp;
    ASSERT_TRUE(absl::SimpleAtoi(fields[0], &cp)) << line;
    changed[cp] = absl::HexStringToBytes(fields[1]);
  }
  // The 26 ASCII letters and well over a thousand others.
  ASSERT_GT(changed.size(), 1400u);
  int mismatches = 0;
  for (int32_t cp = 0; cp < 0x110000; ++cp) {
    if (cp == 0xD800) cp = 0xE000;
    std::string text;
    AppendUtf8(cp, &text);
    const auto it = changed.find(cp);
    const std::string& expected = it == changed.end() ? text : it->second;
    const std::string got = PythonUpper(text);
    if (got != expected && ++mismatches <= 20) {
      ADD_FAILURE() << absl::StrCat("U+", absl::Hex(cp, absl::kZeroPad4),
                                    ": got ", absl::BytesToHexString(got),
                                    ", Python gives ",
                                    absl::BytesToHexString(expected));
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(CaseFoldTableTest, WholeWordsAsPython) {
  // Python: "straße".upper(), "ﬁx".upper(), "ᾳ".upper(), "ǅ".upper().
  EXPECT_EQ(PythonUpper("stra\xC3\x9F"
                        "e"),
            "STRASSE");
  EXPECT_EQ(PythonUpper("\xEF\xAC\x81x"), "FIX");
  EXPECT_EQ(PythonUpper("\xE1\xBE\xB3"), "\xCE\x91\xCE\x99");
  EXPECT_EQ(PythonUpper("\xC7\x85"), "\xC7\x84");
  // Invalid bytes pass through, whole maximal subparts at a time.
  EXPECT_EQ(PythonUpper("a\xE2\x82"
                        "b\xFF"),
            "A\xE2\x82"
            "B\xFF");
}

}  // namespace
}  // namespace nce2vec
