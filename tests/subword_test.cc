// The expected n-grams and buckets below were computed with gensim 4.2's
// compute_ngrams_bytes and ft_ngram_hashes, an implementation of fastText's
// scheme independent of ours (gensim reads fastText's .bin files with it).
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/subword/subwords.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

std::vector<std::string> Ngrams(absl::string_view word, int minn, int maxn) {
  std::vector<std::string> out;
  ForEachNgram(word, {.minn = minn, .maxn = maxn, .bucket = 1},
               [&](absl::string_view ngram) { out.emplace_back(ngram); });
  return out;
}

std::vector<int32_t> Buckets(absl::string_view word, int minn, int maxn) {
  std::vector<int32_t> rows;
  AppendNgramRows(word, {.minn = minn, .maxn = maxn, .bucket = 2000000}, 0,
                  rows);
  return rows;
}

TEST(FastTextHashTest, SignExtendsBytesAsFastTextDoes) {
  EXPECT_EQ(FastTextHash(""), 2166136261u);
  EXPECT_EQ(FastTextHash("abc"), 440920331u);
  EXPECT_EQ(FastTextHash("<ca"), 1066916747u);
  // Textbook FNV-1a of "é" (0xc3 0xa9) is 0xe3f2cb4b; fastText's differs.
  EXPECT_EQ(FastTextHash("\xc3\xa9"), 1023043777u);
}

TEST(SubwordsTest, NgramsOfAnAsciiWordInFastTextsOrder) {
  EXPECT_THAT(
      Ngrams("where", 3, 6),
      ElementsAre("<wh", "<whe", "<wher", "<where", "whe", "wher", "where",
                  "where>", "her", "here", "here>", "ere", "ere>", "re>"));
  EXPECT_THAT(
      Buckets("where", 3, 6),
      ElementsAre(167652, 989715, 1526707, 1071586, 420941, 312621, 969176,
                  121234, 1473420, 1540811, 114991, 1529033, 1568469, 867498));
}

TEST(SubwordsTest, CharactersAreUtf8Sequences) {
  EXPECT_THAT(Ngrams("caf\xc3\xa9", 3, 6),
              ElementsAre("<ca", "<caf", "<caf\xc3\xa9", "<caf\xc3\xa9>", "caf",
                          "caf\xc3\xa9", "caf\xc3\xa9>", "af\xc3\xa9",
                          "af\xc3\xa9>", "f\xc3\xa9>"));
  EXPECT_THAT(Buckets("caf\xc3\xa9", 3, 6),
              ElementsAre(916747, 1991831, 794639, 17187, 369661, 454601,
                          761685, 960362, 1966012, 1609697));
  // Three-byte characters, and 1-grams: a character alone is an n-gram,
  // the boundary marks alone are not.
  const std::string nihongo = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
  EXPECT_THAT(
      Ngrams(nihongo, 1, 2),
      ElementsAre("<\xe6\x97\xa5", "\xe6\x97\xa5", "\xe6\x97\xa5\xe6\x9c\xac",
                  "\xe6\x9c\xac", "\xe6\x9c\xac\xe8\xaa\x9e", "\xe8\xaa\x9e",
                  "\xe8\xaa\x9e>"));
  EXPECT_THAT(
      Buckets(nihongo, 1, 2),
      ElementsAre(1752687, 1514749, 387409, 1825417, 460575, 1408283, 1432255));
}

TEST(SubwordsTest, ShortWordsAndRepeatedNgrams) {
  EXPECT_THAT(Ngrams("a", 1, 3), ElementsAre("<a", "<a>", "a", "a>"));
  EXPECT_THAT(Buckets("a", 1, 3), ElementsAre(1008750, 1087600, 2220, 1614806));
  // An n-gram that occurs twice is a row twice, as fastText averages it.
  EXPECT_THAT(Buckets("aaaa", 3, 3),
              ElementsAre(542365, 991330, 991330, 81963));
  EXPECT_THAT(Ngrams("ab", 5, 6), ElementsAre());
  EXPECT_THAT(Ngrams("anything", 0, 0), ElementsAre());
}

TEST(SubwordsTest, IndexHasEachWordsRowThenItsNgramRows) {
  const std::vector<std::string> words = {"where", "caf\xc3\xa9", "a"};
  const SubwordOptions options = kFastTextSubwords;
  const SubwordIndex index = SubwordIndex::Build(words, options);
  ASSERT_EQ(index.words(), 3);
  EXPECT_EQ(index.input_rows(), 3 + 2000000);
  for (int32_t w = 0; w < 3; ++w) {
    std::vector<int32_t> expected = {w};
    AppendNgramRows(words[w], options, 3, expected);
    EXPECT_THAT(index.rows(w), ElementsAreArray(expected)) << words[w];
  }
  EXPECT_EQ(index.rows(2).size(), 2u);  // "a" and its one n-gram, "<a>"
  EXPECT_EQ(index.max_rows_per_word(), 15);
  EXPECT_EQ(SubwordIndex::MemoryBytes(words, options),
            (15 + 11 + 2) * sizeof(int32_t) + 4 * sizeof(int64_t));
}

TEST(SubwordsTest, WithoutNgramsEveryWordIsItsOwnRow) {
  const std::vector<std::string> words = {"x", "y"};
  const SubwordIndex index = SubwordIndex::Build(words, {});
  EXPECT_EQ(index.input_rows(), 2);
  EXPECT_THAT(index.rows(1), ElementsAre(1));
  EXPECT_EQ(index.max_rows_per_word(), 1);
}

TEST(SubwordsTest, EndOfSentenceTokenHasNoNgramsAsInFastText) {
  // fastText's dictionary skips the n-grams of "</s>", seen or unseen; a
  // corpus holding the token as text must give it fastText's vector.
  std::vector<int32_t> rows;
  AppendNgramRows("</s>", kFastTextSubwords, 5, rows);
  EXPECT_THAT(rows, ElementsAre());
  EXPECT_FALSE(Ngrams("</s>", 3, 6).empty());  // only the callers skip it
  const std::vector<std::string> words = {"</s>", "a"};
  const SubwordIndex index = SubwordIndex::Build(words, kFastTextSubwords);
  EXPECT_THAT(index.rows(0), ElementsAre(0));
  EXPECT_EQ(index.rows(1).size(), 2u);
  EXPECT_EQ(SubwordIndex::MemoryBytes(words, kFastTextSubwords),
            (1 + 2) * sizeof(int32_t) + 3 * sizeof(int64_t));
}

TEST(SubwordOptionsTest, ValidateNamesTheSetting) {
  EXPECT_TRUE(SubwordOptions{}.Validate().ok());
  EXPECT_TRUE(kFastTextSubwords.Validate().ok());
  EXPECT_THAT(
      SubwordOptions({.minn = 4, .maxn = 3, .bucket = 10}).Validate().message(),
      HasSubstr("SubwordOptions::minn"));
  EXPECT_THAT(
      SubwordOptions({.minn = 0, .maxn = 3, .bucket = 10}).Validate().message(),
      HasSubstr("SubwordOptions::minn"));
  EXPECT_THAT(
      SubwordOptions({.minn = 3, .maxn = 6, .bucket = 0}).Validate().message(),
      HasSubstr("SubwordOptions::bucket"));
  EXPECT_THAT(
      SubwordOptions({.minn = 3, .maxn = -1, .bucket = 0}).Validate().message(),
      HasSubstr("SubwordOptions::maxn"));
}

}  // namespace
}  // namespace nce2vec
