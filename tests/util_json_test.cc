#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/util/json.h"
#include "src/util/rng.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

constexpr absl::string_view kFffd = "\xEF\xBF\xBD";

TEST(JsonStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonString("plain"), "\"plain\"");
  EXPECT_EQ(JsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonString("\n\t\r"), "\"\\n\\t\\r\"");
  EXPECT_EQ(JsonString(absl::string_view("\x01\x1f\0", 3)),
            "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(JsonString("\x7F"), "\"\x7F\"");
}

TEST(JsonStringTest, TextUndoesTheEscapes) {
  const std::vector<std::string> texts = {
      "plain", "a\"b\\c, d", "\n\t\r", "\x01\x1f", "caf\xC3\xA9 \\u0041", ""};
  for (const std::string& text : texts) {
    EXPECT_EQ(JsonStringText(JsonString(text)), text) << JsonString(text);
  }
}

TEST(JsonStringTest, KeepsValidUtf8) {
  for (const absl::string_view s :
       {"caf\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xED\x9F\xBF",
        "\xF4\x8F\xBF\xBF", "\xEF\xBF\xBD"}) {
    EXPECT_EQ(JsonString(s), absl::StrCat("\"", s, "\"")) << s;
  }
}

// One U+FFFD per maximal invalid subpart, as Python's
// bytes.decode("utf-8", "replace") gives.
TEST(JsonStringTest, ReplacesInvalidUtf8) {
  const auto fffd = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) absl::StrAppend(&s, kFffd);
    return s;
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"caf\xE9", "caf" + fffd(1)},                  // Latin-1
      {"\xC0\xAF", fffd(2)},                         // overlong, 2 bytes
      {"\xE0\x80\xAF", fffd(3)},                     // overlong, 3 bytes
      {"\xF0\x80\x80\xAF", fffd(4)},                 // overlong, 4 bytes
      {"\xED\xA0\x80", fffd(3)},                     // surrogate
      {"\xF4\x90\x80\x80", fffd(4)},                 // above U+10FFFF
      {"\xE2\x82", fffd(1)},                         // truncated at the end
      {"\xE2\x82x\xC3\xA9", fffd(1) + "x\xC3\xA9"},  // truncated in the middle
      {"\xF0\x9F\x98\"", fffd(1) + "\\\""},          // then an escape
      {"\xFF\xFE", fffd(2)},
  };
  for (const auto& [in, out] : cases) {
    EXPECT_EQ(JsonString(in), absl::StrCat("\"", out, "\""))
        << absl::CHexEscape(in);
  }
}

// Random byte strings, biased towards UTF-8 lead and continuation bytes,
// written as JSON: Python must parse every line and read the string its own
// decoder makes of the bytes with errors="replace".
TEST(JsonStringTest, PythonReadsWhatPythonDecodes) {
  std::string output;
  if (testing::RunCommand("python3 -c 'import json'", &output) != 0) {
    GTEST_SKIP() << "python3 is needed to check the JSON: " << output;
  }
  const std::vector<unsigned char> bytes = {
      'a',  '"',  '\\', '\n', 0x01, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
      0xC0, 0xC2, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  Rng rng(7);
  std::string lines;
  for (int i = 0; i < 20000; ++i) {
    std::string s(1 + rng.Next() % 8, ' ');
    for (char& c : s) c = static_cast<char>(bytes[rng.Next() % bytes.size()]);
    absl::StrAppend(&lines, absl::BytesToHexString(s), " ", JsonString(s),
                    "\n");
  }
  const std::string dir = testing::TempDir();
  const std::string path = testing::WriteTempFile(dir, "lines.txt", lines);
  const std::string script = testing::WriteTempFile(dir, "check.py", R"(
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    hex_bytes, text = line.rstrip("\n").split(" ", 1)
    expected = bytes.fromhex(hex_bytes).decode("utf-8", "replace")
    if json.loads(text) != expected:
        sys.exit("line %d: %r decodes to %r, not %r" % (n + 1, text, json.loads(text), expected))
    n += 1
print(n, "lines agree")
)");
  ASSERT_EQ(testing::RunCommand("python3 " + script + " " + path, &output), 0)
      << output;
  EXPECT_EQ(output, "20000 lines agree\n");
}

TEST(JsonObjectTest, BuildsObjectsInOrder) {
  EXPECT_EQ(JsonObject()
                .Add("w", "caf\xE9")
                .Add("n", int64_t{3})
                .Add("x", 0.5)
                .Add("nan", std::nan(""))
                .Add("ok", true)
                .AddNull("none")
                .str(),
            absl::StrCat("{\"w\": \"caf", kFffd,
                         "\", \"n\": 3, \"x\": 0.5, \"nan\": null, \"ok\": "
                         "true, \"none\": null}"));
}

}  // namespace
}  // namespace nce2vec
