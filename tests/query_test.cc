// Unit tests of src/query on small in-memory vectors whose neighbours and
// analogies are known by construction.
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/model/vectors_io.h"
#include "src/query/analogy_eval.h"
#include "src/query/case_fold.h"
#include "src/query/correlation.h"
#include "src/query/embeddings.h"
#include "src/query/nearest.h"
#include "src/query/query_loop.h"
#include "src/query/similarity_eval.h"
#include "src/query/text_file.h"
#include "src/util/rng.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Embeddings Make(const std::vector<std::string>& words,
                const std::vector<std::vector<float>>& rows) {
  WordVectors v;
  v.words = words;
  v.vectors = Matrix(static_cast<int64_t>(rows.size()),
                     static_cast<int64_t>(rows[0].size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = 0; j < rows[i].size(); ++j)
      v.vectors.row(i)[j] = rows[i][j];
  }
  return Embeddings::FromWordVectors(std::move(v));
}

// man:woman :: king:queen holds exactly: queen = king - man + woman.
Embeddings Royals() {
  return Make({"man", "woman", "king", "queen", "apple"},
              {{1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {1, 1, 1}, {0, 0, -1}});
}

std::vector<std::string> Words(const Embeddings& e,
                               const std::vector<Neighbour>& found) {
  std::vector<std::string> out;
  for (const Neighbour& n : found) out.push_back(e.word(n.row));
  return out;
}

Embeddings RandomEmbeddings(int64_t n, int dim, uint64_t seed) {
  Rng rng(seed);
  std::vector<std::string> words;
  std::vector<std::vector<float>> rows(n, std::vector<float>(dim));
  for (int64_t i = 0; i < n; ++i) {
    words.push_back(absl::StrCat("w", i));
    for (int j = 0; j < dim; ++j) {
      rows[i][j] = static_cast<float>(rng.UniformDouble() - 0.5);
    }
  }
  return Make(words, rows);
}

TEST(EmbeddingsTest, NormalisesRowsAndFindsWords) {
  const Embeddings e = Royals();
  EXPECT_EQ(e.size(), 5);
  EXPECT_EQ(e.dim(), 3);
  EXPECT_EQ(e.Find("king"), 2);
  EXPECT_EQ(e.Find("prince"), -1);
  EXPECT_NEAR(e.row(3)[0], 1 / std::sqrt(3.0f), 1e-6);
  for (int64_t i = 0; i < e.size(); ++i) {
    float sum = 0;
    for (int j = 0; j < e.dim(); ++j) sum += e.row(i)[j] * e.row(i)[j];
    EXPECT_NEAR(sum, 1.0f, 1e-6);
  }
}

TEST(EmbeddingsTest, ZeroRowStaysZero) {
  const Embeddings e = Make({"a", "zero"}, {{1, 2}, {0, 0}});
  EXPECT_EQ(e.row(1)[0], 0.0f);
  const std::vector<std::vector<int32_t>> q = {{0}};
  const auto found = NearestByCosine(e, SumOfRows(e, q), q, 5);
  ASSERT_EQ(found[0].size(), 1u);
  EXPECT_EQ(found[0][0].score, 0.0f);
}

TEST(NearestTest, KnownNeighboursInOrder) {
  const Embeddings e = Royals();
  const std::vector<std::vector<int32_t>> q = {{2}};
  const auto found = NearestByCosine(e, SumOfRows(e, q), q, 3);
  EXPECT_THAT(Words(e, found[0]), ElementsAre("queen", "man", "woman"));
  EXPECT_NEAR(found[0][0].score, 2 / std::sqrt(6.0), 1e-6);
  EXPECT_NEAR(found[0][1].score, 1 / std::sqrt(2.0), 1e-6);
}

TEST(NearestTest, KLargerThanVocabularyReturnsAllButTheQuery) {
  const Embeddings e = Royals();
  const std::vector<std::vector<int32_t>> q = {{2}};
  const auto found = NearestByCosine(e, SumOfRows(e, q), q, 1000);
  EXPECT_THAT(Words(e, found[0]),
              ElementsAre("queen", "man", "woman", "apple"));
}

TEST(NearestTest, MultiWordQuerySumsNormalisedVectors) {
  const Embeddings e = Royals();
  const std::vector<std::vector<int32_t>> q = {{0, 3}};  // man + queen
  const auto found = NearestByCosine(e, SumOfRows(e, q), q, 3);
  // woman and king are symmetric about the query: a tie, lower row first.
  EXPECT_THAT(Words(e, found[0]), ElementsAre("woman", "king", "apple"));
  EXPECT_EQ(found[0][0].score, found[0][1].score);
}

TEST(NearestTest, TiesGoToTheLowerRowAcrossBlocksAndThreads) {
  // 5000 identical rows span several row blocks; 300 queries span several
  // query blocks handled by different threads.
  std::vector<std::string> words;
  std::vector<std::vector<float>> rows;
  for (int i = 0; i < 5000; ++i) {
    words.push_back(absl::StrCat("t", i));
    rows.push_back({1, 2, 3});
  }
  const Embeddings e = Make(words, rows);
  std::vector<std::vector<int32_t>> q(300, std::vector<int32_t>{7});
  const auto found = NearestByCosine(e, SumOfRows(e, q), q, 4);
  for (const auto& f : found) {
    EXPECT_THAT(Words(e, f), ElementsAre("t0", "t1", "t2", "t3"));
  }
}

TEST(NearestTest, BatchedSearchMatchesBruteForce) {
  const Embeddings e = RandomEmbeddings(3000, 37, 42);
  std::vector<std::vector<int32_t>> q;
  for (int i = 0; i < 300; ++i) q.push_back({(i * 7919) % 3000});
  const Matrix vectors = SumOfRows(e, q);
  const int k = 7;
  const auto found = NearestByCosine(e, vectors, q, k, 2500);
  for (size_t i = 0; i < q.size(); ++i) {
    std::vector<Neighbour> all;
    for (int32_t r = 0; r < 2500; ++r) {
      if (r == q[i][0]) continue;
      float dot = 0;
      for (int j = 0; j < e.dim(); ++j) dot += vectors.row(i)[j] * e.row(r)[j];
      all.push_back({r, dot});
    }
    std::stable_sort(all.begin(), all.end(),
                     [](auto& a, auto& b) { return a.score > b.score; });
    ASSERT_EQ(found[i].size(), static_cast<size_t>(k));
    for (int j = 0; j < k; ++j) {
      EXPECT_EQ(found[i][j].row, all[j].row) << "query " << i << " rank " << j;
      EXPECT_NEAR(found[i][j].score, all[j].score, 1e-5);
    }
  }
}

TEST(AnalogyTest, CosAddAndCosMulSolveTheRoyals) {
  const Embeddings e = Royals();
  const AnalogyQuestion q = {0, 1, 2};  // man:woman :: king:?
  for (const AnalogyMethod m :
       {AnalogyMethod::k3CosAdd, AnalogyMethod::k3CosMul}) {
    const auto found = SolveAnalogies(e, {q}, m, 10);
    ASSERT_EQ(found[0].size(), 2u);  // a, b and c excluded
    EXPECT_EQ(e.word(found[0][0].row), "queen");
  }
}

TEST(AnalogyTest, CosMulScoreShiftsCosinesToZeroOne) {
  const Embeddings e = Royals();
  const auto found = SolveAnalogies(e, {{0, 1, 2}}, AnalogyMethod::k3CosMul, 1);
  const auto cos = [&](int x, int y) {
    double d = 0;
    for (int j = 0; j < 3; ++j) d += e.row(x)[j] * e.row(y)[j];
    return d;
  };
  const int d = 3;
  const double expected =
      (1 + cos(d, 1)) / 2 * (1 + cos(d, 2)) / 2 / ((1 + cos(d, 0)) / 2 + 1e-6);
  EXPECT_NEAR(found[0][0].score, expected, 1e-5);
}

TEST(CaseFoldTest, UpperCasesAsPython) {
  EXPECT_EQ(PythonUpper("Athens"), "ATHENS");
  EXPECT_EQ(PythonUpper("stra\xC3\x9F"
                        "e"),
            "STRASSE");
  EXPECT_EQ(PythonUpper("\xC3\xA9mile"), "\xC3\x89MILE");          // émile
  EXPECT_EQ(PythonUpper("\xC4\xB1"), "I");                         // dotless i
  EXPECT_EQ(PythonUpper("\xD0\xB4\xD0\xB0"), "\xD0\x94\xD0\x90");  // да
  EXPECT_EQ(PythonUpper("a\xFF"
                        "b"),
            "A\xFF"
            "B");  // invalid byte
}

TEST(CaseFoldTest, FirstRowOfACaseClassWins) {
  const Embeddings e =
      Make({"Paris", "paris", "PARIS", "rome"}, {{1}, {2}, {3}, {4}});
  const FoldedVocab v(e, 3);
  EXPECT_EQ(v.Find("PARIS"), 0);
  EXPECT_EQ(v.Canonical(2), 0);
  EXPECT_EQ(v.Find("ROME"), -1);  // beyond the 3 rows
}

TEST(CaseFoldTest, SplitsOnPythonWhitespace) {
  EXPECT_THAT(SplitPythonWhitespace(" a\tb\xC2\xA0"
                                    "c\x1f d \r"),
              ElementsAre("a", "b", "c", "d"));
}

TEST(CorrelationTest, AverageRanksForTies) {
  EXPECT_THAT(AverageRanks({10, 20, 20, 5}), ElementsAre(2, 3.5, 3.5, 1));
}

TEST(CorrelationTest, MatchesScipy) {
  // scipy.stats.spearmanr / pearsonr of these give the values below.
  const std::vector<double> x = {1, 2, 3, 4, 5, 5};
  const std::vector<double> y = {2, 1, 4, 3, 7, 6};
  EXPECT_NEAR(Spearman(x, y), 0.8696565535, 1e-9);
  EXPECT_NEAR(Pearson(x, y), 0.8635115366, 1e-9);
  EXPECT_TRUE(std::isnan(Spearman({1, 1, 1}, {1, 2, 3})));
  EXPECT_TRUE(std::isnan(Pearson({1}, {1})));
}

TEST(AnalogyEvalTest, CountsSectionsSkipsAndMalformedLines) {
  const Embeddings e = Make(
      {"man", "woman", "king", "queen", "apple", "Man", "rare"}, {{1, 0, 0},
                                                                  {1, 1, 0},
                                                                  {1, 0, 1},
                                                                  {1, 1, 1},
                                                                  {0, 0, -1},
                                                                  {1, 0, 0.1},
                                                                  {0, 1, 0}});
  const std::string dir = testing::TempDir();
  const std::string path = testing::WriteTempFile(
      dir, "q.txt",
      ": family\n"
      "man woman king queen\n"    // correct
      "MAN WOMAN KING QUEEN\r\n"  // correct: case-insensitive
      "man woman king apple\n"    // wrong
      "man woman king\n"          // malformed
      "\n"
      ": gram-test\n"
      "man woman king rare\n"        // skipped: rare is beyond restrict_vocab
      "man woman unknown queen\n");  // skipped: unknown word
  AnalogyEvalOptions options;
  options.restrict_vocab = 6;
  const absl::StatusOr<AnalogyEvalResult> r =
      EvaluateAnalogies(e, path, options);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->sections.size(), 2u);
  EXPECT_EQ(r->sections[0].name, "family");
  EXPECT_EQ(r->sections[0].counts.correct, 2);
  EXPECT_EQ(r->sections[0].counts.evaluated, 3);
  EXPECT_EQ(r->sections[1].counts.skipped, 2);
  EXPECT_EQ(r->semantic.evaluated, 3);
  EXPECT_EQ(r->syntactic.skipped, 2);
  EXPECT_EQ(r->total.questions(), 5);
  EXPECT_NEAR(r->total.accuracy(), 2.0 / 3, 1e-12);
  EXPECT_NEAR(r->total.accuracy_all(), 2.0 / 5, 1e-12);
  EXPECT_EQ(r->malformed, 1);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_THAT(r->warnings[0], HasSubstr("q.txt:5: expected 4 words, got 3"));
}

TEST(AnalogyEvalTest, CaseVariantOfAQuestionWordIsPassedOver) {
  // "MAN" is the best answer to man:woman :: king:?, but as a case variant
  // of a question word gensim passes over it to "queen".
  const Embeddings e =
      Make({"man", "woman", "king", "queen", "MAN"},
           {{1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {1, 1, 1}, {1, 1, 1.01f}});
  const std::string dir = testing::TempDir();
  const std::string path =
      testing::WriteTempFile(dir, "q.txt", ": s\nman woman king queen\n");
  const auto found = SolveAnalogies(e, {{0, 1, 2}}, AnalogyMethod::k3CosAdd, 2);
  ASSERT_THAT(Words(e, found[0]), ElementsAre("MAN", "queen"));
  const auto r = EvaluateAnalogies(e, path);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->total.correct, 1);
}

TEST(AnalogyEvalTest, QuestionBeforeHeaderIsAnErrorNamingTheLine) {
  const Embeddings e = Royals();
  const std::string dir = testing::TempDir();
  const std::string path =
      testing::WriteTempFile(dir, "q.txt", "man woman king queen\n");
  const auto r = EvaluateAnalogies(e, path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("q.txt:1: 'man woman king queen' comes before the "
                        "first ': section' header"));
}

TEST(AnalogyEvalTest, MissingFileIsAnError) {
  const auto r = EvaluateAnalogies(Royals(), "/nonexistent/q.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("/nonexistent/q.txt"));
}

TEST(AnalogyEvalTest, FileWithoutAWellFormedQuestionQuotesItsFirstBadLine) {
  const std::string dir = testing::TempDir();
  const std::string path = testing::WriteTempFile(
      dir, "q.txt", ": s\n\nman woman king\nman woman king queen prince\n");
  const auto r = EvaluateAnalogies(Royals(), path);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsDataLoss(r.status())) << r.status();
  EXPECT_THAT(r.status().message(),
              HasSubstr("analogy file " + path +
                        " holds no well-formed question; the first malformed "
                        "line is " +
                        path +
                        ":3: 'man woman king': expected 4 words, got "
                        "3"));
}

TEST(AnalogyEvalTest, EmptyOrHeaderOnlyFileIsAnError) {
  const std::string dir = testing::TempDir();
  for (const char* text : {"", "\n\n", ": s\n: t\n"}) {
    const std::string path = testing::WriteTempFile(dir, "q.txt", text);
    const auto r = EvaluateAnalogies(Royals(), path);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_THAT(r.status().message(), HasSubstr(path + " holds no questions"));
  }
}

TEST(AnalogyEvalTest, OutOfVocabularyQuestionsAreWellFormed) {
  const std::string path =
      testing::WriteTempFile(testing::TempDir(), "q.txt", ": s\na b c d\n");
  const auto r = EvaluateAnalogies(Royals(), path);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->total.skipped, 1);
}

TEST(AnalogyEvalTest, DirectoryIsAnErrorNamingIt) {
  const std::string dir = testing::TempDir();
  const auto r = EvaluateAnalogies(Royals(), dir);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("analogy file " + dir + " is a directory"));
}

TEST(SimilarityEvalTest, FileWithoutAWellFormedPairQuotesItsFirstBadLine) {
  const std::string dir = testing::TempDir();
  const std::string path = testing::WriteTempFile(
      dir, "s.txt", "# c\nking queen 9\nking\tqueen\tnan\n");
  const auto r = EvaluateSimilarity(Royals(), path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("similarity file " + path +
                        " holds no well-formed word pair; the first malformed "
                        "line is " +
                        path +
                        ":2: 'king queen 9': expected 3 tab-separated "
                        "fields, got 1"));
  for (const char* text : {"", "# only a comment\n\n"}) {
    const std::string empty = testing::WriteTempFile(dir, "e.txt", text);
    EXPECT_THAT(EvaluateSimilarity(Royals(), empty).status().message(),
                HasSubstr(empty + " holds no word pairs"));
  }
}

TEST(TextFileTest, CheckReadableFileNamesRoleAndPath) {
  const std::string dir = testing::TempDir();
  EXPECT_TRUE(
      CheckReadableFile(testing::WriteTempFile(dir, "f", "x"), "f").ok());
  const absl::Status missing =
      CheckReadableFile(dir + "/nope", "--queries file");
  EXPECT_TRUE(absl::IsNotFound(missing)) << missing;
  EXPECT_THAT(missing.message(), HasSubstr("--queries file " + dir +
                                           "/nope: cannot open: No such"));
  EXPECT_THAT(CheckReadableFile(dir, "analogy file").message(),
              HasSubstr("analogy file " + dir + " is a directory"));
}

TEST(TextFileTest, NulByteIsAnErrorNamingLineAndColumn) {
  const std::string dir = testing::TempDir();
  const std::string path = testing::WriteTempFile(
      dir, "s.txt", std::string("king\tqueen\t9\nman\twom\0an\t3\n", 25));
  const auto text = ReadTextFile(path, "similarity file");
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.status().message(),
              HasSubstr("similarity file " + path +
                        ":2: NUL byte at column 8; expected text"));
  EXPECT_THAT(EvaluateSimilarity(Royals(), path).status().message(),
              HasSubstr(path + ":2: NUL byte at column 8"));
}

TEST(QueryLoopTest, QueryLineWithANulByteIsAnErrorAndTheRestAreAnswered) {
  const Embeddings e = Royals();
  const std::vector<std::string> lines = {std::string("ki\0ng", 5), "king"};
  const auto answers = AnswerNearest(e, lines, 1);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].error,
            "NUL byte at column 3; expected words (is the input a binary "
            "file?)");
  EXPECT_EQ(answers[1].neighbours.size(), 1u);
  const auto analogies = AnswerAnalogies(
      e, {std::string("man\0 woman king", 16)}, AnalogyMethod::k3CosAdd, 1);
  ASSERT_EQ(analogies.size(), 1u);
  EXPECT_THAT(analogies[0].error, HasSubstr("NUL byte at column 4"));
}

TEST(TextFileTest, CheckReadableFilePassesAFifoWithoutOpeningIt) {
  // Opening it would block: there is no writer.
  const std::string path = testing::TempDir() + "/fifo";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  EXPECT_TRUE(CheckReadableFile(path, "--queries file").ok());
}

TEST(TextFileTest, QuoteLineEscapesAndCuts) {
  EXPECT_EQ(QuoteLine("a\tb"), "'a\\tb'");
  EXPECT_EQ(QuoteLine(std::string(70, 'x')),
            "'" + std::string(60, 'x') + "'...");
}

TEST(SimilarityEvalTest, SpearmanOverKnownPairs) {
  const Embeddings e = Royals();
  const std::string dir = testing::TempDir();
  const std::string path =
      testing::WriteTempFile(dir, "s.txt",
                             "# comment\n"
                             "king\tqueen\t9\n"
                             "KING\tman\t7.5\r\n"
                             "king\twoman\t5\n"
                             "king\tapple\t+1\n"
                             "king\tprince\t8\n"      // out of vocabulary
                             "king queen 3\n"         // malformed: no tabs
                             "king\tqueen\tlots\n");  // malformed: score
  const auto r = EvaluateSimilarity(e, path);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->pairs, 5);
  EXPECT_EQ(r->evaluated, 4);
  EXPECT_EQ(r->oov, 1);
  EXPECT_EQ(r->malformed, 2);
  EXPECT_NEAR(r->oov_percent(), 20.0, 1e-12);
  EXPECT_NEAR(r->spearman, 1.0, 1e-12);  // same order as the cosines
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_THAT(r->warnings[0], HasSubstr("s.txt:7: expected 3 tab-separated"));
  EXPECT_THAT(r->warnings[1], HasSubstr("s.txt:8: score 'lots'"));
}

TEST(QueryLoopTest, AnswersBatchLinesAndReportsUnknownWords) {
  const Embeddings e = Royals();
  const std::vector<std::string> lines = {"king", "king  nobody", ""};
  const auto answers = AnswerNearest(e, lines, 2);
  ASSERT_EQ(answers.size(), 3u);
  EXPECT_EQ(FormatTsv(e, answers[0]),
            "king\t1\tqueen\t0.816497\nking\t2\tman\t0.707107\n");
  EXPECT_EQ(answers[1].error, "word 'nobody' is not in the vocabulary");
  EXPECT_EQ(FormatJson(e, answers[1]),
            "{\"query\": \"king nobody\", \"error\": \"word 'nobody' is not "
            "in the vocabulary\"}\n");
  const auto analogies = AnswerAnalogies(e, {"man woman king", "man woman"},
                                         AnalogyMethod::k3CosAdd, 1);
  EXPECT_EQ(FormatTsv(e, analogies[0]), "man woman king\t1\tqueen\t0.975287\n");
  EXPECT_THAT(analogies[1].error, HasSubstr("expected 3 words"));
}

TEST(QueryLoopTest, BatchLoopWritesOneLinePerAnswer) {
  const Embeddings e = Royals();
  const std::string dir = testing::TempDir();
  const std::string in_path =
      testing::WriteTempFile(dir, "in.txt", "queen\nwho\n\nking\n");
  const std::string out_path = dir + "/out.txt";
  std::FILE* in = std::fopen(in_path.c_str(), "r");
  std::FILE* out = std::fopen(out_path.c_str(), "w");
  QueryLoopOptions options;
  options.input_name = "in.txt";
  const absl::StatusOr<int64_t> n = RunQueryLoop(
      in, out, e, options, [&](absl::Span<const std::string> lines) {
        return AnswerNearest(e, lines, 1);
      });
  std::fclose(in);
  std::fclose(out);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 3);  // the unknown word counts, the blank line does not
  EXPECT_EQ(testing::ReadFileOrDie(out_path),
            "queen\t1\twoman\t0.816497\nking\t1\tqueen\t0.816497\n");
}

}  // namespace
}  // namespace nce2vec
