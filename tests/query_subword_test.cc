// Queries through a fastText model's n-grams: SubwordVectors (any word's
// vector, as fastText computes it), Embeddings loaded from a model, and the
// nearest-word, analogy and similarity code answering words that are not
// rows. On small random models written and read back.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/kernels/vector_ops.h"
#include "src/model/fasttext_model.h"
#include "src/query/embeddings.h"
#include "src/query/nearest.h"
#include "src/query/query_loop.h"
#include "src/query/similarity_eval.h"
#include "src/query/subword_vectors.h"
#include "src/subword/subwords.h"
#include "tests/fasttext_test_model.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr SubwordOptions kSubwords = {.minn = 2, .maxn = 4, .bucket = 97};
constexpr int kDim = 6;

std::vector<std::string> Words() {
  std::vector<std::string> words = testing::NonAsciiWords();
  words.push_back(std::string(kFastTextEos));
  return words;
}

// fastText's vector of `word`, written out: its id's row (if any), then its
// n-gram rows, averaged.
std::vector<float> Expected(const FastTextModel& m, int32_t id,
                            absl::string_view word) {
  std::vector<int32_t> rows;
  if (id >= 0) rows.push_back(id);
  AppendNgramRows(word, m.args.subwords, static_cast<int32_t>(m.words.size()),
                  rows);
  std::vector<float> out(m.input.stride());
  MeanOfRows(m.input, rows, out.data());
  return out;
}

std::vector<float> Unit(std::vector<float> v) {
  double sum = 0;
  for (const float x : v) sum += static_cast<double>(x) * x;
  for (float& x : v) x = static_cast<float>(x / std::sqrt(sum));
  return v;
}

class SubwordQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = testing::RandomFastTextModel(Words(), kDim, kSubwords);
    path_ = testing::TempDir() + "/m.bin";
    ASSERT_TRUE(WriteFastTextModel(path_, ViewOf(model_)).ok());
  }

  FastTextModel model_;
  std::string path_;
};

TEST_F(SubwordQueryTest, VectorsAreFastTextsMeansOfRows) {
  absl::StatusOr<SubwordVectors> v = SubwordVectors::Load(path_);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->model().output.rows(), 0);  // not needed, not read
  std::vector<float> out(v->stride());
  for (size_t i = 0; i < model_.words.size(); ++i) {
    const absl::StatusOr<int> ngrams = v->Vector(model_.words[i], out.data());
    ASSERT_TRUE(ngrams.ok()) << ngrams.status();
    EXPECT_EQ(out, Expected(model_, i, model_.words[i])) << model_.words[i];
  }
  // "</s>" is its own row alone, as in fastText.
  EXPECT_EQ(*v->Vector("</s>", out.data()), 0);
  // An unseen word: its n-grams alone ("<zz", "<zz>", "zz", "zz>" and so on).
  const absl::StatusOr<int> unseen = v->Vector("zzq", out.data());
  ASSERT_TRUE(unseen.ok());
  EXPECT_EQ(*unseen, 9);
  EXPECT_EQ(out, Expected(model_, -1, "zzq"));
  const std::string kanji = "\xe6\xbc\xa2";  // 漢, unseen
  ASSERT_TRUE(v->Vector(kanji, out.data()).ok());
  EXPECT_EQ(out, Expected(model_, -1, kanji));

  const absl::StatusOr<Matrix> all = v->DictionaryVectors(v->words());
  ASSERT_TRUE(all.ok());
  for (int64_t i = 0; i < v->words(); ++i) {
    EXPECT_EQ(std::vector<float>(all->row(i), all->row(i) + all->stride()),
              Expected(model_, i, model_.words[i]));
  }
}

TEST_F(SubwordQueryTest, AWordWithoutNgramsHasNoVectorAndAMessage) {
  FastTextModel word_only = testing::RandomFastTextModel({"a", "b"}, 3, {});
  const SubwordVectors v(std::move(word_only));
  std::vector<float> out(v.stride());
  EXPECT_TRUE(v.Vector("a", out.data()).ok());
  EXPECT_THAT(std::string(v.Vector("c", out.data()).status().message()),
              HasSubstr("word 'c' is not in the vocabulary and has no n-gram "
                        "in the model: the model has no n-grams (maxn 0)"));
  const SubwordVectors long_ngrams(testing::RandomFastTextModel(
      {"a"}, 3, {.minn = 5, .maxn = 6, .bucket = 10}));
  EXPECT_THAT(
      std::string(long_ngrams.Vector("ab", out.data()).status().message()),
      HasSubstr("shorter than the model's shortest n-gram (5 characters"));
  EXPECT_THAT(std::string(SubwordVectors(
                              testing::RandomFastTextModel({"a"}, 3, kSubwords))
                              .Vector("</s>", out.data())
                              .status()
                              .message()),
              HasSubstr("end-of-sentence token has no n-grams"));
}

TEST_F(SubwordQueryTest, EmbeddingsFromAModelComposeWordsBeyondTheLimit) {
  absl::StatusOr<Embeddings> e = Embeddings::LoadModel(path_, 3);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ(e->size(), 3);
  ASSERT_NE(e->model(), nullptr);
  for (int32_t i = 0; i < 3; ++i) {
    const std::vector<float> expected =
        Unit(Expected(model_, i, model_.words[i]));
    for (int j = 0; j < kDim; ++j) {
      EXPECT_NEAR(e->row(i)[j], expected[j], 1e-6);
    }
  }
  // A dictionary word beyond the limit keeps its own row in its vector.
  std::vector<float> out(e->vectors().stride());
  ASSERT_TRUE(e->UnseenUnitVector(model_.words[4], out.data()).ok());
  const std::vector<float> expected =
      Unit(Expected(model_, 4, model_.words[4]));
  for (int j = 0; j < kDim; ++j) EXPECT_NEAR(out[j], expected[j], 1e-6);

  const Embeddings vectors_only =
      Embeddings::FromWordVectors({.words = {"x"}, .vectors = Matrix(1, 2)});
  EXPECT_EQ(vectors_only.model(), nullptr);
  EXPECT_EQ(vectors_only.UnseenUnitVector("y", out.data()).message(),
            "word 'y' is not in the vocabulary");
}

TEST_F(SubwordQueryTest, AZeroVectorIsAnErrorNotADirection) {
  FastTextModel zero = testing::RandomFastTextModel({"a"}, 3, kSubwords);
  for (int64_t r = 0; r < zero.input.rows(); ++r) {
    Zero(zero.input.row(r), zero.input.stride());
  }
  const std::string path = testing::TempDir() + "/z.bin";
  ASSERT_TRUE(WriteFastTextModel(path, ViewOf(zero)).ok());
  absl::StatusOr<Embeddings> e = Embeddings::LoadModel(path);
  ASSERT_TRUE(e.ok());
  std::vector<float> out(e->vectors().stride());
  EXPECT_THAT(std::string(e->UnseenUnitVector("bcd", out.data()).message()),
              HasSubstr("its vector from the model is zero"));
}

TEST_F(SubwordQueryTest, NearestAndAnalogiesAnswerUnseenWords) {
  absl::StatusOr<Embeddings> e = Embeddings::LoadModel(path_);
  ASSERT_TRUE(e.ok());
  // "cats" is unseen: the answer is the search for its composed vector.
  const std::vector<QueryAnswer> answers =
      AnswerNearest(*e, {"cats", "cats the", "c"}, 3);
  ASSERT_EQ(answers.size(), 3u);
  ASSERT_EQ(answers[0].error, "");
  EXPECT_THAT(answers[0].composed, ElementsAre("cats"));
  Matrix query(1, kDim);
  ASSERT_TRUE(e->UnseenUnitVector("cats", query.row(0)).ok());
  const auto expected = NearestByCosine(*e, query, {}, 3);
  ASSERT_EQ(answers[0].neighbours.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(answers[0].neighbours[i].row, expected[0][i].row);
    EXPECT_FLOAT_EQ(answers[0].neighbours[i].score, expected[0][i].score);
  }
  // A known word in the same query is excluded from the answers.
  for (const Neighbour& n : answers[1].neighbours) {
    EXPECT_NE(e->word(n.row), "the");
  }
  EXPECT_THAT(FormatJson(*e, answers[0]),
              HasSubstr("{\"query\": \"cats\", \"composed\": [\"cats\"], "));
  EXPECT_EQ(answers[2].error, "");  // "<c", "<c>", "c>" are n-grams

  const std::vector<QueryAnswer> analogies =
      AnswerAnalogies(*e, {"the cats caf\xc3\xa9"}, AnalogyMethod::k3CosAdd, 2);
  ASSERT_EQ(analogies[0].error, "");
  EXPECT_THAT(analogies[0].composed, ElementsAre("cats"));
  Matrix abc(3, kDim);
  Copy(e->row(e->Find("the")), abc.row(0), abc.stride());
  ASSERT_TRUE(e->UnseenUnitVector("cats", abc.row(1)).ok());
  Copy(e->row(e->Find("caf\xc3\xa9")), abc.row(2), abc.stride());
  const auto solved = SolveAnalogies(*e, {{0, UnseenRow(1), 2}},
                                     AnalogyMethod::k3CosAdd, 2, 0, abc);
  ASSERT_EQ(analogies[0].neighbours.size(), 2u);
  EXPECT_EQ(analogies[0].neighbours[0].row, solved[0][0].row);
  EXPECT_EQ(analogies[0].neighbours[1].row, solved[0][1].row);
}

TEST_F(SubwordQueryTest, AWordWithoutAVectorIsAnErrorNamingIt) {
  const std::string path = testing::TempDir() + "/w.bin";
  ASSERT_TRUE(WriteFastTextModel(
                  path, ViewOf(testing::RandomFastTextModel({"a", "b"}, 3, {})))
                  .ok());
  absl::StatusOr<Embeddings> e = Embeddings::LoadModel(path);
  ASSERT_TRUE(e.ok());
  const std::vector<QueryAnswer> answers = AnswerNearest(*e, {"a zz"}, 1);
  EXPECT_EQ(answers[0].error,
            "word 'zz' is not in the vocabulary and has no n-gram in the "
            "model: the model has no n-grams (maxn 0)");
}

TEST_F(SubwordQueryTest, SimilarityScoresPairsThroughTheModel) {
  absl::StatusOr<Embeddings> e = Embeddings::LoadModel(path_);
  ASSERT_TRUE(e.ok());
  const std::string set =
      testing::WriteTempFile(testing::TempDir(), "s.txt",
                             "the\tcat\t9\n"
                             "cats\tthe\t7\n"    // composed
                             "walks\tdogs\t2\n"  // both composed
                             "THE\trunning\t5\n");
  const absl::StatusOr<SimilarityResult> r = EvaluateSimilarity(*e, set);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->pairs, 4);
  EXPECT_EQ(r->evaluated, 4);
  EXPECT_EQ(r->oov, 0);
  EXPECT_EQ(r->subword, 2);

  // The same set against the vocabulary's vectors alone skips those pairs.
  WordVectors rows{.words = model_.words, .vectors = Matrix(e->size(), kDim)};
  for (int64_t i = 0; i < e->size(); ++i) {
    Copy(e->row(i), rows.vectors.row(i), e->vectors().stride());
  }
  const Embeddings plain = Embeddings::FromWordVectors(std::move(rows));
  const absl::StatusOr<SimilarityResult> p = EvaluateSimilarity(plain, set);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->evaluated, 2);
  EXPECT_EQ(p->oov, 2);
  EXPECT_EQ(p->subword, 0);
}

}  // namespace
}  // namespace nce2vec
