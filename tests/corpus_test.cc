#include "src/corpus/corpus.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/util/rng.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Sentences = std::vector<std::vector<std::string>>;

// Reads every event of `reader`, checking the event contract on the way.
Sentences ReadSentences(TokenReader& reader) {
  Sentences sentences;
  std::vector<std::string> sentence;
  absl::string_view word;
  bool last_was_end_of_sentence = true;  // nothing open at the start
  while (true) {
    const TokenEvent event = reader.Next(&word);
    if (event == TokenEvent::kEnd) break;
    if (event == TokenEvent::kWord) {
      EXPECT_FALSE(word.empty());
      EXPECT_LE(word.size(), static_cast<size_t>(kMaxTokenBytes));
      sentence.emplace_back(word);
      last_was_end_of_sentence = false;
    } else {
      EXPECT_FALSE(last_was_end_of_sentence) << "empty sentence";
      EXPECT_LE(sentence.size(), static_cast<size_t>(kMaxSentenceTokens));
      sentences.push_back(std::move(sentence));
      sentence.clear();
      last_was_end_of_sentence = true;
    }
  }
  EXPECT_TRUE(sentence.empty()) << "the last sentence was not ended";
  EXPECT_EQ(reader.Next(&word), TokenEvent::kEnd) << "kEnd must be final";
  return sentences;
}

Sentences ReadFiles(const std::vector<std::string>& paths) {
  absl::StatusOr<Corpus> corpus = Corpus::Open(paths);
  EXPECT_TRUE(corpus.ok()) << corpus.status();
  if (!corpus.ok()) return {};
  auto reader = corpus->OpenAll();
  EXPECT_TRUE(reader.ok()) << reader.status();
  Sentences sentences = ReadSentences(**reader);
  EXPECT_TRUE((*reader)->status().ok()) << (*reader)->status();
  EXPECT_EQ((*reader)->bytes_read(), corpus->total_bytes());
  return sentences;
}

Sentences ReadText(absl::string_view text) {
  return ReadFiles({testing::WriteTempFile(testing::TempDir(), "c.txt", text)});
}

std::vector<std::string> Flatten(const Sentences& sentences) {
  std::vector<std::string> words;
  for (const auto& sentence : sentences) {
    words.insert(words.end(), sentence.begin(), sentence.end());
  }
  return words;
}

bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

// An independent, slow statement of corpus.h's rules.
Sentences ReferenceTokenize(const std::vector<std::string>& files) {
  Sentences sentences;
  std::vector<std::string> sentence;
  const auto end_sentence = [&] {
    if (!sentence.empty()) sentences.push_back(std::move(sentence));
    sentence.clear();
  };
  for (const std::string& text : files) {
    size_t i = 0;
    while (i < text.size()) {
      if (text[i] == '\n') {
        end_sentence();
        ++i;
      } else if (IsSeparator(text[i])) {
        ++i;
      } else {
        size_t j = i;
        while (j < text.size() && !IsSeparator(text[j])) ++j;
        std::string token = text.substr(i, j - i);
        if (token.size() > kMaxTokenBytes) {
          size_t cut = kMaxTokenBytes;
          for (int back = 0;
               back < 3 &&
               (static_cast<unsigned char>(token[cut]) & 0xC0) == 0x80;
               ++back) {
            --cut;
          }
          token.resize(cut);
        }
        if (sentence.size() == kMaxSentenceTokens) end_sentence();
        sentence.push_back(token);
        i = j;
      }
    }
    end_sentence();
  }
  return sentences;
}

// Text of random tokens (short, long, multi-byte, invalid UTF-8) and all
// kinds of separators.
std::string RandomText(Rng& rng, size_t bytes) {
  static const char* const kPieces[] = {"a", "b",    "the",  "é",  "€",
                                        "𝄞", "\xff", "\x80", "xyz"};
  static const char kSeparators[] = {' ',  ' ',  ' ',  '\t',
                                     '\n', '\r', '\v', '\f'};
  std::string text;
  while (text.size() < bytes) {
    const uint32_t kind = rng.Uniform(100);
    size_t pieces = 1 + rng.Uniform(6);
    if (kind == 0) pieces = 30 + rng.Uniform(3000);  // over kMaxTokenBytes
    for (size_t i = 0; i < pieces; ++i) {
      text += kPieces[rng.Uniform(std::size(kPieces))];
    }
    const size_t separators = 1 + (rng.Uniform(10) == 0 ? rng.Uniform(5) : 0);
    for (size_t i = 0; i < separators; ++i) {
      text += kSeparators[rng.Uniform(std::size(kSeparators))];
    }
    if (rng.Uniform(5000) == 0) text += std::string(1200, 'w') + " ";
  }
  if (rng.Uniform(2) == 0) text += 'z';  // sometimes no final separator
  return text;
}

TEST(CorpusTest, EmptyFile) {
  const std::string path = testing::WriteTempFile(testing::TempDir(), "e", "");
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_TRUE(corpus.ok()) << corpus.status();
  EXPECT_EQ(corpus->total_bytes(), 0u);
  EXPECT_THAT(corpus->paths(), ElementsAre(path));
  for (int shards = 1; shards <= 3; ++shards) {
    auto reader = corpus->OpenShard(shards - 1, shards);
    ASSERT_TRUE(reader.ok());
    absl::string_view word;
    EXPECT_EQ((*reader)->Next(&word), TokenEvent::kEnd);
    EXPECT_TRUE((*reader)->status().ok());
  }
}

TEST(CorpusTest, OnlyWhitespace) {
  EXPECT_TRUE(ReadText(" \n\n\t\r\n  \n").empty());
}

TEST(CorpusTest, LinesAreSentences) {
  EXPECT_EQ(ReadText("a b\n\n  c  \nd\n"),
            (Sentences{{"a", "b"}, {"c"}, {"d"}}));
}

TEST(CorpusTest, NoTrailingNewline) {
  EXPECT_EQ(ReadText("a b\nc d"), (Sentences{{"a", "b"}, {"c", "d"}}));
}

TEST(CorpusTest, CrLf) {
  EXPECT_EQ(ReadText("a b\r\nc\r\n\r\n"), (Sentences{{"a", "b"}, {"c"}}));
}

TEST(CorpusTest, TabsAndOtherWhitespace) {
  EXPECT_EQ(ReadText("a\tb\vc\fd\re\n"),
            (Sentences{{"a", "b", "c", "d", "e"}}));
}

// Reads every shard of `paths` split `shards` ways to its end; returns the
// first error.
absl::Status ReadAllShards(const std::vector<std::string>& paths, int shards) {
  absl::StatusOr<Corpus> corpus = Corpus::Open(paths);
  if (!corpus.ok()) return corpus.status();
  for (int shard = 0; shard < shards; ++shard) {
    absl::StatusOr<std::unique_ptr<TokenReader>> reader =
        corpus->OpenShard(shard, shards);
    if (!reader.ok()) return reader.status();
    absl::string_view word;
    while ((*reader)->Next(&word) != TokenEvent::kEnd) {
    }
    if (!(*reader)->status().ok()) return (*reader)->status();
  }
  return absl::OkStatus();
}

TEST(CorpusTest, NulByteIsAnErrorNamingFileAndOffset) {
  const std::string dir = testing::TempDir();
  // Between tokens, inside a token, first and last byte.
  const struct {
    std::string text;
    int offset;
  } kCases[] = {{std::string("ab c\0d\n", 7), 4},
                {std::string("ab c\nd\0e", 8), 6},
                {std::string("\0ab", 3), 0},
                {std::string("a b\0", 4), 3}};
  for (const auto& c : kCases) {
    const std::string path = testing::WriteTempFile(dir, "nul.txt", c.text);
    for (int shards = 1; shards <= 3; ++shards) {
      const absl::Status status = ReadAllShards({path}, shards);
      EXPECT_TRUE(absl::IsDataLoss(status)) << status;
      EXPECT_THAT(status.message(), HasSubstr(path));
      EXPECT_THAT(
          status.message(),
          HasSubstr(absl::StrCat("NUL byte at byte offset ", c.offset, ";")));
    }
  }
}

TEST(CorpusTest, NulByteFarIntoAGzipFileNamesItsUncompressedOffset) {
  const std::string dir = testing::TempDir();
  // Past the first 1 MB block, so that the offset counts earlier blocks.
  std::string text;
  while (text.size() < (3 << 20) / 2) text += "the cat sat\n";
  const size_t offset = text.size() + 4;
  text += std::string("more\0junk\n", 10);
  const std::string path = testing::WriteTempGzipFile(dir, "nul.gz", text);
  for (int shards = 1; shards <= 4; ++shards) {
    const absl::Status status = ReadAllShards({path}, shards);
    EXPECT_THAT(status.message(),
                HasSubstr(absl::StrCat("NUL byte at uncompressed byte offset ",
                                       offset, ";")))
        << shards;
  }
}

TEST(CorpusTest, InvalidUtf8PassesThroughAsBytes) {
  EXPECT_EQ(ReadText("\xff\xfe caf\xc3 \x80x\n"),
            (Sentences{{"\xff\xfe", "caf\xc3", "\x80x"}}));
}

TEST(CorpusTest, HugeAsciiTokenIsCutAtTheLimit) {
  const std::string huge(1 << 20, 'q');
  EXPECT_EQ(ReadText("a " + huge + " b\nc"),
            (Sentences{{"a", std::string(kMaxTokenBytes, 'q'), "b"}, {"c"}}));
}

TEST(CorpusTest, HugeTokenIsCutOnACharacterBoundary) {
  // 99 ASCII bytes then 2-byte characters: byte 100 is the second half of
  // "é", so the cut falls before it.
  std::string token(kMaxTokenBytes - 1, 'a');
  while (token.size() < (1 << 20)) token += "é";
  EXPECT_EQ(ReadText(token + "\nnext"),
            (Sentences{{std::string(kMaxTokenBytes - 1, 'a')}, {"next"}}));
  // A 4-byte character straddling the limit: 98 bytes + U+1D11E.
  std::string clef(kMaxTokenBytes - 2, 'a');
  while (clef.size() < 3 * (1 << 20)) clef += "𝄞";
  EXPECT_EQ(ReadText(clef),
            (Sentences{{std::string(kMaxTokenBytes - 2, 'a')}}));
}

TEST(CorpusTest, InvalidUtf8HugeTokenIsCutAtMostThreeBytesBack) {
  EXPECT_EQ(ReadText(std::string(500, '\x80')),
            (Sentences{{std::string(kMaxTokenBytes - 3, '\x80')}}));
}

TEST(CorpusTest, TokenOfExactlyTheLimitIsKept) {
  const std::string token(kMaxTokenBytes, 'k');
  EXPECT_EQ(ReadText(token), (Sentences{{token}}));
}

TEST(CorpusTest, LongSentencesAreSplit) {
  std::string line;
  for (int i = 0; i < 2500; ++i) absl::StrAppend(&line, "w", i, " ");
  const Sentences sentences = ReadText(line + "\nx");
  ASSERT_EQ(sentences.size(), 4u);
  EXPECT_EQ(sentences[0].size(), 1000u);
  EXPECT_EQ(sentences[1].size(), 1000u);
  EXPECT_EQ(sentences[2].size(), 500u);
  EXPECT_EQ(sentences[1][0], "w1000");
  EXPECT_EQ(sentences[3], std::vector<std::string>{"x"});
}

TEST(CorpusTest, SentenceOfExactlyTheLimitIsNotSplit) {
  std::string line;
  for (int i = 0; i < kMaxSentenceTokens; ++i) line += "w ";
  const Sentences sentences = ReadText(line + "\nx\n");
  ASSERT_EQ(sentences.size(), 2u);
  EXPECT_EQ(sentences[0].size(), static_cast<size_t>(kMaxSentenceTokens));
}

TEST(CorpusTest, TokensStraddlingBlocksComeOutWhole) {
  // Tokens of every length up to 150 placed so that some cross each 1 MiB
  // block boundary at every position.
  Rng rng(7);
  const std::string text = RandomText(rng, (3 << 20) + 12345);
  EXPECT_EQ(ReadText(text), ReferenceTokenize({text}));
}

TEST(CorpusTest, GzipIsDetectedByContent) {
  const std::string dir = testing::TempDir();
  const std::string text = "a b\nc d e\r\n";
  const std::string path = testing::WriteTempGzipFile(dir, "plain.txt", text);
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_TRUE(corpus.ok()) << corpus.status();
  EXPECT_EQ(corpus->total_bytes(), text.size());
  EXPECT_EQ(ReadFiles({path}), (Sentences{{"a", "b"}, {"c", "d", "e"}}));
  // A plain file named .gz is read as plain text.
  EXPECT_EQ(ReadFiles({testing::WriteTempFile(dir, "x.gz", "p q")}),
            (Sentences{{"p", "q"}}));
}

TEST(CorpusTest, ConcatenatedGzipMembersReadAsOne) {
  const std::string dir = testing::TempDir();
  const std::string one =
      testing::ReadFileOrDie(testing::WriteTempGzipFile(dir, "1.gz", "a b "));
  const std::string two =
      testing::ReadFileOrDie(testing::WriteTempGzipFile(dir, "2.gz", "c\nd"));
  EXPECT_EQ(ReadFiles({testing::WriteTempFile(dir, "12.gz", one + two)}),
            (Sentences{{"a", "b", "c"}, {"d"}}));
}

TEST(CorpusTest, TruncatedGzipIsAClearError) {
  const std::string dir = testing::TempDir();
  Rng rng(3);
  const std::string whole = testing::ReadFileOrDie(
      testing::WriteTempGzipFile(dir, "whole.gz", RandomText(rng, 200000)));
  for (const size_t keep :
       {size_t{2}, size_t{10}, whole.size() / 2, whole.size() - 4}) {
    const std::string path = testing::WriteTempFile(
        dir, absl::StrCat("cut", keep, ".gz"), whole.substr(0, keep));
    absl::StatusOr<Corpus> corpus = Corpus::Open({path});
    ASSERT_FALSE(corpus.ok()) << keep;
    EXPECT_THAT(corpus.status().message(), HasSubstr(path));
    EXPECT_THAT(corpus.status().message(), HasSubstr("truncated gzip"));
    EXPECT_THAT(corpus.status().message(), HasSubstr("uncompressed bytes"));
  }
}

TEST(CorpusTest, CorruptGzipIsAClearError) {
  const std::string dir = testing::TempDir();
  Rng rng(4);
  std::string data = testing::ReadFileOrDie(
      testing::WriteTempGzipFile(dir, "whole.gz", RandomText(rng, 200000)));
  for (size_t i = data.size() / 3; i < data.size() / 3 + 64; ++i)
    data[i] ^= 0x5a;
  const std::string path = testing::WriteTempFile(dir, "bad.gz", data);
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_FALSE(corpus.ok());
  EXPECT_THAT(corpus.status().message(), HasSubstr(path));
  EXPECT_THAT(corpus.status().message(), HasSubstr("gzip"));
}

TEST(CorpusTest, GarbageAfterGzipIsAClearError) {
  const std::string dir = testing::TempDir();
  const std::string data =
      testing::ReadFileOrDie(testing::WriteTempGzipFile(dir, "a.gz", "a b"));
  const std::string path =
      testing::WriteTempFile(dir, "tail.gz", data + "trailing junk");
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_FALSE(corpus.ok());
  EXPECT_THAT(corpus.status().message(), HasSubstr(path));
  EXPECT_THAT(corpus.status().message(), HasSubstr("after the gzip stream"));
  EXPECT_THAT(corpus.status().message(), HasSubstr("(uncompressed byte 3)"));
}

TEST(CorpusTest, MissingFileIsAClearError) {
  const std::string path = testing::TempDir() + "/no_such_file.txt";
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_FALSE(corpus.ok());
  EXPECT_TRUE(absl::IsNotFound(corpus.status())) << corpus.status();
  EXPECT_THAT(corpus.status().message(), HasSubstr(path));
}

TEST(CorpusTest, DirectoryIsAClearError) {
  const std::string dir = testing::TempDir();
  absl::StatusOr<Corpus> corpus = Corpus::Open({dir});
  ASSERT_FALSE(corpus.ok());
  EXPECT_THAT(corpus.status().message(), HasSubstr(dir));
  EXPECT_THAT(corpus.status().message(), HasSubstr("directory"));
}

TEST(CorpusTest, FifoIsRefusedWithoutWaitingForAWriter) {
  const std::string path = testing::TempDir() + "/fifo";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_FALSE(corpus.ok());
  EXPECT_THAT(corpus.status().message(),
              HasSubstr("corpus file " + path + " is not a regular file"));
}

TEST(CorpusTest, NoFilesIsAnError) { EXPECT_FALSE(Corpus::Open({}).ok()); }

TEST(CorpusTest, EmptyFileNameIsAnError) {
  const std::string path = testing::WriteTempFile(testing::TempDir(), "a", "a");
  absl::StatusOr<Corpus> corpus = Corpus::Open({path, ""});
  ASSERT_FALSE(corpus.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(corpus.status())) << corpus.status();
  EXPECT_THAT(corpus.status().message(), HasSubstr("stray comma"));
}

TEST(CorpusTest, BadShardIsAnError) {
  const std::string path = testing::WriteTempFile(testing::TempDir(), "a", "a");
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_TRUE(corpus.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(corpus->OpenShard(2, 2).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(corpus->OpenShard(-1, 2).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(corpus->OpenShard(0, 0).status()));
}

TEST(CorpusTest, FileBoundariesEndTokensAndSentences) {
  const std::string dir = testing::TempDir();
  const std::string a = testing::WriteTempFile(dir, "a", "a b");
  const std::string empty = testing::WriteTempFile(dir, "e", "");
  const std::string c = testing::WriteTempGzipFile(dir, "c", "c\nd\n");
  const std::string e = testing::WriteTempFile(dir, "d", "e");
  EXPECT_EQ(ReadFiles({a, empty, c, e}),
            (Sentences{{"a", "b"}, {"c"}, {"d"}, {"e"}}));
  absl::StatusOr<Corpus> corpus = Corpus::Open({a, empty, c, e});
  ASSERT_TRUE(corpus.ok());
  EXPECT_EQ(corpus->total_bytes(), 3u + 0u + 4u + 1u);
  EXPECT_THAT(corpus->paths(), ElementsAre(a, empty, c, e));
}

// Every token exactly once, in order, over the shards; each shard's
// bytes_read() ends at the size of its byte range.
void ExpectShardsCoverEverything(const std::vector<std::string>& paths,
                                 const std::vector<std::string>& texts) {
  absl::StatusOr<Corpus> corpus = Corpus::Open(paths);
  ASSERT_TRUE(corpus.ok()) << corpus.status();
  const std::vector<std::string> expected = Flatten(ReferenceTokenize(texts));
  for (int shards = 1; shards <= 8; ++shards) {
    std::vector<std::string> words;
    uint64_t bytes = 0;
    for (int shard = 0; shard < shards; ++shard) {
      auto reader = corpus->OpenShard(shard, shards);
      ASSERT_TRUE(reader.ok()) << reader.status();
      const std::vector<std::string> shard_words =
          Flatten(ReadSentences(**reader));
      ASSERT_TRUE((*reader)->status().ok()) << (*reader)->status();
      words.insert(words.end(), shard_words.begin(), shard_words.end());
      const uint64_t begin = corpus->total_bytes() * shard / shards;
      const uint64_t end = corpus->total_bytes() * (shard + 1) / shards;
      EXPECT_EQ((*reader)->bytes_read(), end - begin);
      bytes += (*reader)->bytes_read();
    }
    EXPECT_EQ(bytes, corpus->total_bytes());
    ASSERT_EQ(words.size(), expected.size()) << shards << " shards";
    EXPECT_TRUE(words == expected) << shards << " shards";
  }
}

TEST(CorpusTest, ShardsReadEveryTokenOncePlain) {
  Rng rng(11);
  const std::string dir = testing::TempDir();
  for (const size_t bytes : {size_t{1}, size_t{7}, size_t{300}, size_t{20000},
                             size_t{(5 << 20) / 2}}) {
    const std::string text = RandomText(rng, bytes);
    ExpectShardsCoverEverything(
        {testing::WriteTempFile(dir, absl::StrCat("p", bytes), text)}, {text});
  }
}

TEST(CorpusTest, ShardsReadEveryTokenOnceGzip) {
  Rng rng(12);
  const std::string dir = testing::TempDir();
  for (const size_t bytes : {size_t{5}, size_t{30000}, size_t{3 << 20}}) {
    const std::string text = RandomText(rng, bytes);
    ExpectShardsCoverEverything(
        {testing::WriteTempGzipFile(dir, absl::StrCat("g", bytes), text)},
        {text});
  }
}

TEST(CorpusTest, ShardsReadEveryTokenOnceManyFiles) {
  Rng rng(13);
  const std::string dir = testing::TempDir();
  std::vector<std::string> paths;
  std::vector<std::string> texts;
  for (int i = 0; i < 9; ++i) {
    const size_t bytes =
        i == 4 ? 0 : (i == 6 ? (3 << 20) / 2 : rng.Uniform(5000));
    texts.push_back(bytes == 0 ? "" : RandomText(rng, bytes));
    const std::string name = absl::StrCat("f", i);
    paths.push_back(i % 3 == 1
                        ? testing::WriteTempGzipFile(dir, name, texts.back())
                        : testing::WriteTempFile(dir, name, texts.back()));
  }
  ExpectShardsCoverEverything(paths, texts);
  EXPECT_EQ(ReadFiles(paths), ReferenceTokenize(texts));
}

TEST(CorpusTest, ShardsOfTinyCorpus) {
  // More shards than tokens: most shards are empty, none repeats a token.
  const std::string dir = testing::TempDir();
  const std::vector<std::string> texts = {"ab c", "d", "", "efg\nh"};
  std::vector<std::string> paths;
  for (size_t i = 0; i < texts.size(); ++i) {
    paths.push_back(testing::WriteTempFile(dir, absl::StrCat(i), texts[i]));
  }
  ExpectShardsCoverEverything(paths, texts);
}

TEST(CorpusTest, BytesReadGrows) {
  Rng rng(5);
  const std::string text = RandomText(rng, 3 << 20);
  const std::string path =
      testing::WriteTempFile(testing::TempDir(), "b", text);
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_TRUE(corpus.ok());
  auto reader = corpus->OpenAll();
  ASSERT_TRUE(reader.ok());
  absl::string_view word;
  uint64_t last = 0;
  while ((*reader)->Next(&word) != TokenEvent::kEnd) {
    EXPECT_GE((*reader)->bytes_read(), last);
    last = (*reader)->bytes_read();
  }
  EXPECT_EQ(last, text.size());
}

TEST(CorpusTest, FileThatShrankIsAnError) {
  const std::string dir = testing::TempDir();
  const std::string path = testing::WriteTempFile(dir, "s", "a b c d e f\n");
  absl::StatusOr<Corpus> corpus = Corpus::Open({path});
  ASSERT_TRUE(corpus.ok());
  testing::WriteTempFile(dir, "s", "a b");
  auto reader = corpus->OpenAll();
  ASSERT_TRUE(reader.ok());
  absl::string_view word;
  while ((*reader)->Next(&word) != TokenEvent::kEnd) {
  }
  EXPECT_FALSE((*reader)->status().ok());
  EXPECT_THAT((*reader)->status().message(), HasSubstr(path));
}

}  // namespace
}  // namespace nce2vec
