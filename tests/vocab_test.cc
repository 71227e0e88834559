#include "src/vocab/vocab.h"

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/util/rng.h"
#include "src/vocab/word_count_table.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Zipf-like text: word i appears about 1/(i+1) as often as word 0.
std::string ZipfText(Rng& rng, int words, int types) {
  std::string text;
  for (int i = 0; i < words; ++i) {
    const int id = static_cast<int>(std::pow(types, rng.UniformDouble())) - 1;
    absl::StrAppend(&text, "w", id, rng.Uniform(12) == 0 ? "\n" : " ");
  }
  return text;
}

// The counts by brute force over whitespace.
std::map<std::string, int64_t> BruteForceCounts(const std::string& text) {
  std::map<std::string, int64_t> counts;
  std::string word;
  for (const char c : text + " ") {
    if (c == ' ' || c == '\n') {
      if (!word.empty()) ++counts[word];
      word.clear();
    } else {
      word += c;
    }
  }
  return counts;
}

Corpus OpenOrDie(const std::vector<std::string>& paths) {
  absl::StatusOr<Corpus> corpus = Corpus::Open(paths);
  EXPECT_TRUE(corpus.ok()) << corpus.status();
  return *std::move(corpus);
}

Vocab BuildOrDie(const Corpus& corpus, VocabOptions options,
                 VocabStats* stats = nullptr) {
  absl::StatusOr<Vocab> vocab = Vocab::Build(corpus, options, stats);
  EXPECT_TRUE(vocab.ok()) << vocab.status();
  return vocab.ok() ? *std::move(vocab) : Vocab();
}

TEST(VocabTest, CountsMatchBruteForce) {
  Rng rng(1);
  const std::string text = ZipfText(rng, 300000, 20000);
  const std::string dir = testing::TempDir();
  const Corpus corpus = OpenOrDie({testing::WriteTempFile(dir, "z", text)});
  const std::map<std::string, int64_t> expected = BruteForceCounts(text);
  for (const int threads : {1, 2, 3, 8}) {
    VocabOptions options;
    options.min_count = 1;
    options.threads = threads;
    VocabStats stats;
    const Vocab vocab = BuildOrDie(corpus, options, &stats);
    ASSERT_EQ(vocab.size(), static_cast<int32_t>(expected.size()));
    int64_t tokens = 0;
    for (const auto& [word, count] : expected) {
      const int32_t id = vocab.Find(word);
      ASSERT_GE(id, 0) << word;
      EXPECT_EQ(vocab.word(id), word);
      EXPECT_EQ(vocab.count(id), count) << word;
      tokens += count;
    }
    EXPECT_EQ(stats.tokens, static_cast<uint64_t>(tokens));
    EXPECT_EQ(stats.types, expected.size());
    EXPECT_EQ(vocab.total_count(), tokens);
    EXPECT_EQ(vocab.Find("absent"), -1);
  }
}

TEST(WordCountTableTest, TellsApartWordsDifferingInOneByte) {
  // Every length up to the limit, differing at every position, exercises
  // each path of the inline compare and hash.
  WordCountTable table;
  std::map<std::string, int64_t> expected;
  for (size_t length = 1; length <= kMaxTokenBytes; ++length) {
    const std::string base(length, 'a');
    for (size_t at = 0; at < length; ++at) {
      std::string word = base;
      word[at] = 'b';
      EXPECT_TRUE(table.Add(word, static_cast<int64_t>(at + 1)));
      EXPECT_FALSE(table.Add(word));
      expected[word] += at + 2;
    }
    table.Add(base, 5);
    expected[base] += 5;
  }
  std::map<std::string, int64_t> counted;
  table.ForEach([&counted](absl::string_view word, int64_t count) {
    counted[std::string(word)] += count;
  });
  EXPECT_EQ(counted, expected);
  EXPECT_EQ(table.size(), expected.size());
  table.DropAtMost(5);
  size_t above = 0;
  for (const auto& [word, count] : expected) above += count > 5;
  EXPECT_EQ(table.size(), above);
  EXPECT_TRUE(table.Add("ab"));  // counted 3 times, so dropped
  EXPECT_FALSE(table.Add(std::string(kMaxTokenBytes - 1, 'a') + "b"));
}

TEST(VocabTest, CountsWordsOfEveryLength) {
  // Words of 1 to kMaxTokenBytes bytes that differ only near one end.
  Rng rng(9);
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    const size_t length = 1 + rng.Uniform(kMaxTokenBytes);
    std::string word(length, 'x');
    word[rng.Uniform(2) == 0 ? 0 : length - 1] = "abc"[rng.Uniform(3)];
    absl::StrAppend(&text, word, rng.Uniform(9) == 0 ? "\n" : " ");
  }
  const Corpus corpus =
      OpenOrDie({testing::WriteTempFile(testing::TempDir(), "l", text)});
  const std::map<std::string, int64_t> expected = BruteForceCounts(text);
  for (const int threads : {1, 3}) {
    VocabOptions options;
    options.min_count = 1;
    options.threads = threads;
    const Vocab vocab = BuildOrDie(corpus, options);
    ASSERT_EQ(vocab.size(), static_cast<int32_t>(expected.size()));
    for (const auto& [word, count] : expected) {
      const int32_t id = vocab.Find(word);
      ASSERT_GE(id, 0) << word;
      EXPECT_EQ(vocab.count(id), count) << word;
    }
  }
}

TEST(VocabTest, SortedByCountThenBytesWhateverTheThreads) {
  Rng rng(2);
  const std::string dir = testing::TempDir();
  const Corpus corpus = OpenOrDie(
      {testing::WriteTempFile(dir, "a", ZipfText(rng, 100000, 5000)),
       testing::WriteTempGzipFile(dir, "b", ZipfText(rng, 50000, 900))});
  VocabOptions options;
  options.min_count = 2;
  options.threads = 1;
  const Vocab one = BuildOrDie(corpus, options);
  ASSERT_GT(one.size(), 100);
  for (int32_t id = 1; id < one.size(); ++id) {
    ASSERT_TRUE(
        one.count(id - 1) > one.count(id) ||
        (one.count(id - 1) == one.count(id) && one.word(id - 1) < one.word(id)))
        << id;
    EXPECT_GE(one.count(id), 2);
  }
  for (const int threads : {2, 3, 5, 16}) {
    options.threads = threads;
    const Vocab many = BuildOrDie(corpus, options);
    EXPECT_EQ(many.words(), one.words()) << threads;
    EXPECT_EQ(many.counts(), one.counts()) << threads;
  }
}

TEST(VocabTest, MinCountDropsRareWords) {
  const std::string path =
      testing::WriteTempFile(testing::TempDir(), "m", "a a a b b c\nd a b\n");
  VocabOptions options;
  options.min_count = 3;
  VocabStats stats;
  const Vocab vocab = BuildOrDie(OpenOrDie({path}), options, &stats);
  EXPECT_THAT(vocab.words(), ElementsAre("a", "b"));
  EXPECT_THAT(vocab.counts(), ElementsAre(4, 3));
  EXPECT_EQ(vocab.total_count(), 7);
  EXPECT_EQ(stats.tokens, 9u);
  EXPECT_EQ(stats.types, 4u);
  EXPECT_EQ(stats.sentences, 2u);
}

TEST(VocabTest, MaxVocabKeepsTheMostFrequent) {
  // The frequent words come first, then many singletons that force pruning
  // while counting.
  std::string text;
  for (int i = 0; i < 10; ++i) {
    for (int n = 0; n < 100 + i; ++n) absl::StrAppend(&text, "f", i, " ");
  }
  for (int i = 0; i < 5000; ++i) absl::StrAppend(&text, "s", i, "\n");
  const Corpus corpus =
      OpenOrDie({testing::WriteTempFile(testing::TempDir(), "x", text)});
  for (const int threads : {1, 2}) {
    VocabOptions options;
    options.min_count = 1;
    options.max_vocab = 10;
    options.threads = threads;
    VocabStats stats;
    const Vocab vocab = BuildOrDie(corpus, options, &stats);
    ASSERT_EQ(vocab.size(), 10);
    EXPECT_EQ(vocab.word(0), "f9");
    EXPECT_EQ(vocab.count(0), 109);
    EXPECT_EQ(vocab.word(9), "f0");
    EXPECT_LE(stats.types, 20u * threads);
    EXPECT_EQ(stats.tokens, 1045u + 5000u);
  }
}

TEST(VocabTest, MaxVocabWithoutPruningCutsTheSortedList) {
  const std::string path =
      testing::WriteTempFile(testing::TempDir(), "c", "a a a b b c c d\n");
  VocabOptions options;
  options.min_count = 1;
  options.max_vocab = 3;
  // The sort puts b before c (same count, bytes); d goes.
  EXPECT_THAT(BuildOrDie(OpenOrDie({path}), options).words(),
              ElementsAre("a", "b", "c"));
}

TEST(VocabTest, EmptyCorpusIsAnError) {
  const std::string path =
      testing::WriteTempFile(testing::TempDir(), "e", " \n\n");
  absl::StatusOr<Vocab> vocab = Vocab::Build(OpenOrDie({path}), {});
  ASSERT_FALSE(vocab.ok());
  EXPECT_THAT(vocab.status().message(), HasSubstr("no words"));
  EXPECT_THAT(vocab.status().message(), HasSubstr(path));
}

TEST(VocabTest, NoWordReachingMinCountIsAnError) {
  const std::string path =
      testing::WriteTempFile(testing::TempDir(), "r", "a b c a\n");
  VocabOptions options;
  options.min_count = 3;
  absl::StatusOr<Vocab> vocab = Vocab::Build(OpenOrDie({path}), options);
  ASSERT_FALSE(vocab.ok());
  EXPECT_THAT(vocab.status().message(), HasSubstr("min_count=3"));
}

TEST(VocabTest, SaveLoadRoundTrip) {
  const std::string dir = testing::TempDir();
  absl::StatusOr<Vocab> vocab = Vocab::FromCounts(
      {{"b", 3}, {"\xc3\xa9t\xc3\xa9", 7}, {"a", 3}, {"\xff", 1}});
  ASSERT_TRUE(vocab.ok()) << vocab.status();
  EXPECT_THAT(vocab->words(),
              ElementsAre("\xc3\xa9t\xc3\xa9", "a", "b", "\xff"));
  for (const char* name : {"v.txt", "v.txt.gz"}) {
    const std::string path = dir + "/" + name;
    ASSERT_TRUE(vocab->Save(path).ok());
    absl::StatusOr<Vocab> loaded = Vocab::Load(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    EXPECT_EQ(loaded->words(), vocab->words());
    EXPECT_EQ(loaded->counts(), vocab->counts());
    EXPECT_EQ(loaded->total_count(), 14);
    EXPECT_EQ(loaded->Find("b"), 2);
  }
  EXPECT_EQ(testing::ReadFileOrDie(dir + "/v.txt"),
            "\xc3\xa9t\xc3\xa9 7\na 3\nb 3\n\xff 1\n");
}

TEST(VocabTest, LoadSortsAndToleratesBlankLinesAndCrLf) {
  const std::string path = testing::WriteTempFile(testing::TempDir(), "u",
                                                  "x 1\r\n\ny 5\n  z\t2 \n");
  absl::StatusOr<Vocab> vocab = Vocab::Load(path);
  ASSERT_TRUE(vocab.ok()) << vocab.status();
  EXPECT_THAT(vocab->words(), ElementsAre("y", "z", "x"));
  EXPECT_THAT(vocab->counts(), ElementsAre(5, 2, 1));
}

TEST(VocabTest, BadVocabFilesNameFileAndLine) {
  const std::string dir = testing::TempDir();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a 1\nb\n", ":2: missing count"},
      {"a 1\nb x7\n", ":2: the count 'x7' of 'b' is not a positive whole"},
      {"a 1\n\nb -3\n", ":3: the count '-3' of 'b' is not a positive whole"},
      {"a 1\nb +3\n", ":2: the count '+3' of 'b' is not a positive whole"},
      {"a 1\nb 2.5\n", ":2: the count '2.5' of 'b' is not a positive whole"},
      {"a 1\nb 0\n", ":2: the count '0' of 'b' is 0; expected a count >= 1"},
      {"a 1\nb 2\na 4\n", ":3: duplicate word 'a' (first on line 1)"},
      {"a 1 2\n", ":1: unexpected '2'"},
      {"a 99999999999999999999\n",
       ":1: the count '99999999999999999999' of 'a' is too large"},
      {"a 9223372036854775807\nb 1\n", ":2: the counts add up to more than"},
      {std::string("a 1\nb\0c 2\n", 10), ":2: NUL byte at column 2"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string path =
        testing::WriteTempFile(dir, absl::StrCat("bad", i), cases[i].first);
    absl::StatusOr<Vocab> vocab = Vocab::Load(path);
    ASSERT_FALSE(vocab.ok()) << cases[i].first;
    EXPECT_THAT(vocab.status().message(), HasSubstr(path + cases[i].second));
  }
  const std::string empty = testing::WriteTempFile(dir, "empty", "\n");
  EXPECT_THAT(Vocab::Load(empty).status().message(), HasSubstr("no words"));
  EXPECT_TRUE(absl::IsNotFound(Vocab::Load(dir + "/absent").status()));
  EXPECT_THAT(Vocab::Load(dir + "/absent").status().message(),
              HasSubstr("cannot open vocabulary file " + dir + "/absent"));
  EXPECT_THAT(Vocab::Load(dir).status().message(),
              HasSubstr("vocabulary file " + dir + " is a directory"));
}

TEST(VocabTest, LoadTakesTheLargestCount) {
  const std::string path = testing::WriteTempFile(
      testing::TempDir(), "big", "a 9223372036854775806\nb 1\n");
  absl::StatusOr<Vocab> vocab = Vocab::Load(path);
  ASSERT_TRUE(vocab.ok()) << vocab.status();
  EXPECT_EQ(vocab->total_count(), std::numeric_limits<int64_t>::max());
}

TEST(VocabTest, BuildRefusesACorpusWithANulByte) {
  const std::string path = testing::WriteTempFile(
      testing::TempDir(), "nul.txt", std::string("a a a\nb\0\n", 9));
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_TRUE(corpus.ok()) << corpus.status();
  VocabOptions options;
  options.min_count = 1;
  absl::StatusOr<Vocab> vocab = Vocab::Build(*corpus, options);
  ASSERT_FALSE(vocab.ok());
  EXPECT_THAT(vocab.status().message(),
              HasSubstr("corpus file " + path + ": NUL byte at byte offset 7"));
}

TEST(VocabTest, SaveToMissingFolderFails) {
  absl::StatusOr<Vocab> vocab = Vocab::FromCounts({{"a", 1}});
  ASSERT_TRUE(vocab.ok());
  const absl::Status status =
      vocab->Save(testing::TempDir() + "/no/such/dir/v.txt");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("no/such/dir"));
}

TEST(VocabTest, FromCountsRejectsBadWords) {
  EXPECT_FALSE(Vocab::FromCounts({{"a b", 1}}).ok());
  EXPECT_FALSE(Vocab::FromCounts({{"", 1}}).ok());
  EXPECT_FALSE(Vocab::FromCounts({{std::string("a\0b", 3), 1}}).ok());
  EXPECT_FALSE(Vocab::FromCounts({{"a", -1}}).ok());
  absl::StatusOr<Vocab> duplicate = Vocab::FromCounts({{"a", 1}, {"a", 2}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_THAT(duplicate.status().message(), HasSubstr("duplicate word 'a'"));
}

TEST(VocabTest, KeepProbabilitiesFollowWord2vec) {
  absl::StatusOr<Vocab> vocab =
      Vocab::FromCounts({{"the", 900000}, {"cat", 99000}, {"rare", 1000}});
  ASSERT_TRUE(vocab.ok());
  const double sample = 1e-3;
  const std::vector<float> keep = vocab->KeepProbabilities(sample);
  ASSERT_EQ(keep.size(), 3u);
  for (int32_t id = 0; id < 3; ++id) {
    const double f = vocab->count(id) / 1e6;
    const double expected = std::min(1.0, std::sqrt(sample / f) + sample / f);
    EXPECT_NEAR(keep[id], expected, 1e-6) << vocab->word(id);
  }
  EXPECT_LT(keep[0], 0.04f);
  EXPECT_EQ(keep[2], 1.0f);
  EXPECT_THAT(vocab->KeepProbabilities(0), ElementsAre(1.0f, 1.0f, 1.0f));
}

TEST(VocabTest, CopiesAndMovesKeepAWorkingIndex) {
  auto original = std::make_unique<Vocab>(*Vocab::FromCounts(
      {{"alpha", 3}, {"beta", 2}, {"a-long-word-past-sso", 1}}));
  Vocab copy(*original);
  Vocab assigned;
  assigned = *original;
  original.reset();
  for (const Vocab* vocab : {&copy, &assigned}) {
    EXPECT_EQ(vocab->Find("beta"), 1);
    EXPECT_EQ(vocab->Find("a-long-word-past-sso"), 2);
  }
  Vocab moved(std::move(copy));
  EXPECT_EQ(moved.Find("alpha"), 0);
  EXPECT_EQ(moved.Find("a-long-word-past-sso"), 2);
  Vocab move_assigned;
  move_assigned = std::move(moved);
  EXPECT_EQ(move_assigned.Find("beta"), 1);
  EXPECT_EQ(move_assigned.total_count(), 6);
}

}  // namespace
}  // namespace nce2vec
