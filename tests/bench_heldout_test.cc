// The exact held-out likelihood on a model small enough to score by hand.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/bench/heldout.h"
#include "src/corpus/corpus.h"
#include "src/model/embedding_model.h"
#include "src/objectives/huffman_tree.h"
#include "src/util/rng.h"
#include "src/vocab/vocab.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

// Vocabulary a, b, c (ids 0, 1, 2) and vectors
//   input  x_a = (1, 0), x_b = (0, 1), x_c = (1, 1)
//   output u_a = (ln 2, 0), u_b = (0, ln 3), u_c = (0, 0)
// so that without biases exp s(v, w) = exp(u_v·x_w) is
//   centre a: (2, 1, 1), Z = 4
//   centre b: (1, 3, 1), Z = 5
//   centre c: (2, 3, 1), Z = 6.
class HeldoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vocab_ = *Vocab::FromCounts({{"a", 3}, {"b", 2}, {"c", 1}});
    dir_ = testing::TempDir();
  }

  EmbeddingModel Model(bool bias) {
    EmbeddingModel model =
        *EmbeddingModel::Create(vocab_.counts(), 3, 2, bias, 1);
    const float input[3][2] = {{1, 0}, {0, 1}, {1, 1}};
    const float output[3][2] = {
        {std::log(2.0f), 0}, {0, std::log(3.0f)}, {0, 0}};
    for (int v = 0; v < 3; ++v) {
      for (int j = 0; j < 2; ++j) {
        model.input.row(v)[j] = input[v][j];
        model.output.row(v)[j] = output[v][j];
      }
    }
    if (bias) model.bias = {0, 0, std::log(2.0f)};
    return model;
  }

  HeldoutPairs Pairs(const std::string& text, int window) {
    const std::string path = testing::WriteTempFile(dir_, "heldout.txt", text);
    absl::StatusOr<Corpus> corpus = Corpus::Open({path});
    EXPECT_TRUE(corpus.ok()) << corpus.status();
    absl::StatusOr<HeldoutPairs> pairs =
        HeldoutPairs::Read(*corpus, vocab_, window);
    EXPECT_TRUE(pairs.ok()) << pairs.status();
    return *std::move(pairs);
  }

  Vocab vocab_;
  std::string dir_;
};

// "a b x c / b a" with window 2 (x is out of the vocabulary). The windows
// stop at the line's end, and x keeps its place:
//   a: b, x            b: a, x, c        x: a, b, c        c: x, b
//   b: a               a: b
// Scored pairs (a,b) (b,a) (b,c) (c,b) (b,a) (a,b); 6 pairs excluded.
constexpr char kText[] = "a b x c\nb a\n";

TEST_F(HeldoutTest, CountsPairsAndExcludesOutOfVocabulary) {
  const HeldoutPairs pairs = Pairs(kText, 2);
  EXPECT_EQ(pairs.tokens(), 6);
  EXPECT_EQ(pairs.oov_tokens(), 1);
  EXPECT_EQ(pairs.pairs(), 6);
  EXPECT_EQ(pairs.oov_pairs(), 6);
  EXPECT_EQ(pairs.centres(), (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(pairs.PairCount(0), 2);
  EXPECT_EQ(pairs.PairCount(1), 3);
  EXPECT_EQ(pairs.PairCount(2), 1);
  std::vector<int32_t> contexts_of_b;
  pairs.ForEachContext(1, [&](int32_t c) { contexts_of_b.push_back(c); });
  std::sort(contexts_of_b.begin(), contexts_of_b.end());
  EXPECT_EQ(contexts_of_b, (std::vector<int32_t>{0, 0, 2}));
}

TEST_F(HeldoutTest, WindowOneSeesOnlyNeighbours) {
  // a: b   b: a, x   x: b, c   c: x   /   b: a   a: b
  const HeldoutPairs pairs = Pairs(kText, 1);
  EXPECT_EQ(pairs.pairs(), 4);
  EXPECT_EQ(pairs.oov_pairs(), 4);
  EXPECT_EQ(pairs.centres(), (std::vector<int32_t>{0, 1}));
}

TEST_F(HeldoutTest, ExactLikelihoodByHand) {
  const HeldoutPairs pairs = Pairs(kText, 2);
  absl::StatusOr<HeldoutResult> r = EvaluateHeldout(pairs, Model(false), 1);
  ASSERT_TRUE(r.ok()) << r.status();
  // log p: (a,b) -ln 4, (b,a) -ln 5, (b,c) -ln 5, (c,b) ln 3 - ln 6,
  // (b,a) -ln 5, (a,b) -ln 4.
  const double ln2 = std::log(2.0), ln3 = std::log(3.0), ln5 = std::log(5.0);
  const double mean = -(5 * ln2 + 3 * ln5) / 6;
  EXPECT_EQ(r->pairs, 6);
  EXPECT_EQ(r->oov_pairs, 6);
  EXPECT_EQ(r->centres, 3);
  EXPECT_NEAR(r->mean_log_likelihood, mean, 1e-6);
  EXPECT_NEAR(r->perplexity, std::pow(4000.0, 1.0 / 6), 1e-5);
  // With Z = 1 only (c,b) scores non-zero: ln 3.
  EXPECT_NEAR(r->mean_log_likelihood_self_normalized, ln3 / 6, 1e-6);
  EXPECT_NEAR(r->perplexity_self_normalized, std::pow(3.0, -1.0 / 6), 1e-6);
  // log Z per pair: ln 4 twice (a), ln 5 three times (b), ln 6 once (c).
  const double log_z[] = {2 * ln2, 2 * ln2, ln5, ln5, ln5, std::log(6.0)};
  double z_mean = 0;
  for (double z : log_z) z_mean += z / 6;
  double z_var = 0;
  for (double z : log_z) z_var += (z - z_mean) * (z - z_mean) / 6;
  EXPECT_NEAR(r->log_z_mean, z_mean, 1e-6);
  EXPECT_NEAR(r->log_z_std, std::sqrt(z_var), 1e-6);
}

TEST_F(HeldoutTest, BiasEntersEveryScore) {
  // b_c = ln 2 doubles exp s(c, w): Z = 5, 6, 7 for a, b, c.
  const HeldoutPairs pairs = Pairs(kText, 2);
  absl::StatusOr<HeldoutResult> r = EvaluateHeldout(pairs, Model(true), 1);
  ASSERT_TRUE(r.ok()) << r.status();
  const double ln2 = std::log(2.0), ln3 = std::log(3.0), ln5 = std::log(5.0),
               ln6 = std::log(6.0), ln7 = std::log(7.0);
  // (a,b) -ln 5, (b,a) -ln 6, (b,c) ln 2 - ln 6, (c,b) ln 3 - ln 7,
  // (b,a) -ln 6, (a,b) -ln 5.
  const double sum = -2 * ln5 - 3 * ln6 + ln2 + ln3 - ln7;
  EXPECT_NEAR(r->mean_log_likelihood, sum / 6, 1e-6);
  EXPECT_NEAR(r->mean_log_likelihood_self_normalized, (ln2 + ln3) / 6, 1e-6);
  EXPECT_NEAR(r->log_z_mean, (2 * ln5 + 3 * ln6 + ln7) / 6, 1e-6);
}

TEST_F(HeldoutTest, NormalisedModelHasLogZZero) {
  // All-zero vectors with biases log(1/3): every word has p = 1/3 and Z = 1.
  EmbeddingModel model =
      *EmbeddingModel::Create(vocab_.counts(), 3, 2, true, 1);
  for (int v = 0; v < 3; ++v) {
    model.input.row(v)[0] = model.input.row(v)[1] = 0;
    model.bias[v] = -std::log(3.0f);
  }
  absl::StatusOr<HeldoutResult> r = EvaluateHeldout(Pairs(kText, 2), model, 1);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_NEAR(r->perplexity, 3.0, 1e-5);
  EXPECT_NEAR(r->perplexity_self_normalized, 3.0, 1e-5);
  EXPECT_NEAR(r->log_z_mean, 0.0, 1e-6);
  EXPECT_NEAR(r->log_z_std, 0.0, 1e-6);
}

TEST_F(HeldoutTest, SameResultOnAnyNumberOfThreads) {
  // More distinct centre words than one block of the evaluation holds.
  std::vector<std::pair<std::string, int64_t>> counts;
  for (int i = 0; i < 300; ++i) counts.push_back({absl::StrCat("w", i), 1});
  vocab_ = *Vocab::FromCounts(counts);
  Rng rng(5);
  std::string text;
  for (int s = 0; s < 200; ++s) {
    for (int i = 0; i < 12; ++i) {
      absl::StrAppend(&text, "w", rng.Uniform(320), i < 11 ? " " : "\n");
    }
  }
  const HeldoutPairs pairs = Pairs(text, 3);
  EmbeddingModel model =
      *EmbeddingModel::Create(vocab_.counts(), 300, 10, true, 3);
  for (int v = 0; v < 300; ++v) {
    for (int j = 0; j < 10; ++j)
      model.output.row(v)[j] = rng.UniformFloat() - 0.5f;
  }
  const HeldoutResult one = *EvaluateHeldout(pairs, model, 1);
  const HeldoutResult two = *EvaluateHeldout(pairs, model, 2);
  EXPECT_GT(one.centres, 64);
  EXPECT_GT(one.oov_pairs, 0);
  EXPECT_EQ(one.mean_log_likelihood, two.mean_log_likelihood);
  EXPECT_EQ(one.log_z_std, two.log_z_std);
}

// A hierarchical-softmax model over a, b, c (counts 3, 2, 1): the tree's
// root (node 0) splits a (branch 0) from node 1, which splits c (0) from
// b (1), so with s_n = v_n·x_w
//   p(a|w) = σ(s_0), p(c|w) = σ(-s_0) σ(s_1), p(b|w) = σ(-s_0) σ(-s_1).
// With v_0 = 0 and v_1 = (ln 3, 0): σ(s_0) = 1/2 everywhere, and
// σ(s_1) = 3/4 for centres a and c (x_1 = 1), 1/2 for b (x_1 = 0).
TEST_F(HeldoutTest, TreeLikelihoodByHand) {
  const HuffmanTree tree = HuffmanTree::Build(vocab_.counts());
  ASSERT_EQ(tree.inner_nodes(), 2);
  EmbeddingModel model =
      *EmbeddingModel::Create(vocab_.counts(), 2, 2, false, 1);
  const float input[3][2] = {{1, 0}, {0, 1}, {1, 1}};
  for (int v = 0; v < 3; ++v) {
    model.input.row(v)[0] = input[v][0];
    model.input.row(v)[1] = input[v][1];
  }
  model.output.row(1)[0] = std::log(3.0f);
  const HeldoutPairs pairs = Pairs(kText, 2);
  // (a,b) p(b|a) = 1/8, (b,a) 1/2, (b,c) p(c|b) = 1/4, (c,b) 1/8, (b,a)
  // 1/2, (a,b) 1/8: Σ log p = -13 ln 2.
  for (const int threads : {1, 2}) {
    absl::StatusOr<HeldoutResult> r =
        EvaluateHeldoutTree(pairs, model, tree, threads);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->pairs, 6);
    EXPECT_EQ(r->centres, 3);
    EXPECT_NEAR(r->mean_log_likelihood, -13 * std::log(2.0) / 6, 1e-6);
    EXPECT_NEAR(r->perplexity, std::pow(2.0, 13.0 / 6), 1e-5);
    EXPECT_EQ(r->log_z_mean, 0.0);
    EXPECT_EQ(r->log_z_std, 0.0);
    EXPECT_EQ(r->perplexity_self_normalized, r->perplexity);
  }
  // The model must be the tree's: V - 1 output rows.
  EXPECT_FALSE(EvaluateHeldoutTree(pairs, Model(false), tree, 1).ok());
}

TEST_F(HeldoutTest, Errors) {
  const std::string path = testing::WriteTempFile(dir_, "oov.txt", "x y z\n");
  const Corpus corpus = *Corpus::Open({path});
  absl::StatusOr<HeldoutPairs> none = HeldoutPairs::Read(corpus, vocab_, 2);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("oov.txt"), absl::string_view::npos);
  EXPECT_FALSE(HeldoutPairs::Read(corpus, vocab_, 0).ok());

  const HeldoutPairs pairs = Pairs(kText, 2);
  const Vocab bigger =
      *Vocab::FromCounts({{"a", 3}, {"b", 2}, {"c", 1}, {"d", 1}});
  const EmbeddingModel model =
      *EmbeddingModel::Create(bigger.counts(), 4, 2, false, 1);
  EXPECT_FALSE(EvaluateHeldout(pairs, model, 1).ok());
}

}  // namespace
}  // namespace nce2vec
