// The Huffman tree of hierarchical softmax, and the objective built on it:
// the tree by hand, its codes prefix-free and optimal, paths of any depth,
// and p(w | h) summing to 1 over the vocabulary for random h.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "src/model/matrix.h"
#include "src/objectives/huffman_tree.h"
#include "src/objectives/objective.h"
#include "src/objectives/registry.h"
#include "src/sampler/alias_sampler.h"
#include "src/util/rng.h"

namespace nce2vec {
namespace {

std::string CodeString(const HuffmanTree& tree, int32_t word) {
  std::string code;
  for (uint8_t bit : tree.code(word)) code += bit ? '1' : '0';
  return code;
}

// The cost Σ_w count(w) depth(w) of an optimal prefix code, by the textbook
// heap construction: every merge adds the merged weight once.
uint64_t OptimalCost(const std::vector<int64_t>& counts) {
  std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<>> heap(
      counts.begin(), counts.end());
  uint64_t cost = 0;
  while (heap.size() > 1) {
    const uint64_t a = heap.top();
    heap.pop();
    const uint64_t b = heap.top();
    heap.pop();
    cost += a + b;
    heap.push(a + b);
  }
  return cost;
}

// Checks the structure every Huffman tree must have: V - 1 inner nodes,
// every path starting at the root (node 0), no code a prefix of another,
// Kraft's sum exactly 1 (a full binary tree), inner nodes numbered by
// descending weight, and the optimal expected code length.
void ExpectWellFormed(const std::vector<int64_t>& counts) {
  const HuffmanTree tree = HuffmanTree::Build(counts);
  const int32_t v = static_cast<int32_t>(counts.size());
  ASSERT_EQ(tree.words(), v);
  ASSERT_EQ(tree.inner_nodes(), v - 1);
  std::vector<std::string> codes;
  std::vector<uint64_t> weight(tree.inner_nodes(), 0);
  uint64_t cost = 0;
  int deepest = 0;
  for (int32_t w = 0; w < v; ++w) {
    const auto path = tree.path(w);
    ASSERT_EQ(static_cast<int>(path.size()), tree.depth(w));
    ASSERT_EQ(tree.code(w).size(), path.size());
    ASSERT_FALSE(path.empty()) << "word " << w;
    EXPECT_EQ(path[0], 0) << "word " << w << " must start at the root";
    for (int32_t node : path) {
      ASSERT_GE(node, 0);
      ASSERT_LT(node, tree.inner_nodes());
      weight[node] += counts[w];
    }
    cost += counts[w] * path.size();
    deepest = std::max(deepest, tree.depth(w));
    codes.push_back(CodeString(tree, w));
  }
  EXPECT_EQ(tree.max_depth(), deepest);
  std::sort(codes.begin(), codes.end());
  for (size_t i = 0; i + 1 < codes.size(); ++i) {
    EXPECT_NE(codes[i + 1].substr(0, codes[i].size()), codes[i])
        << "'" << codes[i] << "' is a prefix of '" << codes[i + 1] << "'";
  }
  // Deepest first, so that every partial sum is exact in double.
  std::vector<int> depths;
  for (int32_t w = 0; w < v; ++w) depths.push_back(tree.depth(w));
  std::sort(depths.rbegin(), depths.rend());
  double kraft = 0;
  for (int d : depths) kraft += std::ldexp(1.0, -d);
  EXPECT_EQ(kraft, 1.0);
  for (int32_t n = 0; n + 1 < tree.inner_nodes(); ++n) {
    EXPECT_GE(weight[n], weight[n + 1]) << "inner node " << n;
  }
  EXPECT_EQ(cost, OptimalCost(counts));
}

// Counts 5, 3, 2, 1. Merges: 1+2 = 3 (node C), then 3 (the word; a leaf
// wins the tie) + C = 6 (B), then 5 + B = 11 (the root A). Nodes by
// descending weight: A 0, B 1, C 2; the lighter child takes branch 0.
TEST(HuffmanTreeTest, SmallTreeByHand) {
  const HuffmanTree tree = HuffmanTree::Build(std::vector<int64_t>{5, 3, 2, 1});
  ASSERT_EQ(tree.words(), 4);
  ASSERT_EQ(tree.inner_nodes(), 3);
  EXPECT_EQ(tree.max_depth(), 3);
  const std::vector<std::vector<int32_t>> paths = {
      {0}, {0, 1}, {0, 1, 2}, {0, 1, 2}};
  const std::vector<std::string> codes = {"0", "10", "111", "110"};
  for (int32_t w = 0; w < 4; ++w) {
    EXPECT_EQ(std::vector<int32_t>(tree.path(w).begin(), tree.path(w).end()),
              paths[w])
        << "word " << w;
    EXPECT_EQ(CodeString(tree, w), codes[w]) << "word " << w;
  }
}

TEST(HuffmanTreeTest, CodesArePrefixFreeAndOptimal) {
  Rng rng(31);
  std::vector<int64_t> zipf, ties, random;
  for (int w = 0; w < 1000; ++w) {
    zipf.push_back(1000000 / (w + 1));
    ties.push_back(w < 500 ? 7 : 3);
    random.push_back(1 + rng.Uniform(100000));
  }
  ExpectWellFormed(zipf);
  ExpectWellFormed(ties);
  // Not in descending order: the tree sorts its leaves itself.
  ExpectWellFormed(random);
  ExpectWellFormed({1, 1});
  ExpectWellFormed({4, 0, 0});
}

TEST(HuffmanTreeTest, OneWordHasNoInnerNodes) {
  const HuffmanTree tree = HuffmanTree::Build(std::vector<int64_t>{42});
  EXPECT_EQ(tree.words(), 1);
  EXPECT_EQ(tree.inner_nodes(), 0);
  EXPECT_EQ(tree.depth(0), 0);
  EXPECT_EQ(tree.max_depth(), 0);
  EXPECT_EQ(HuffmanTree::Build({}).words(), 0);
}

// Counts 2^59, ..., 2, 1: each merge takes the two lightest, so every word
// but the rarest two hangs off its own level and the rarest are 59 deep,
// beyond word2vec.c's 40-bit codes. Nothing is cut.
TEST(HuffmanTreeTest, DeepTreeKeepsItsWholePaths) {
  std::vector<int64_t> counts;
  for (int i = 59; i >= 0; --i) counts.push_back(int64_t{1} << i);
  const HuffmanTree tree = HuffmanTree::Build(counts);
  EXPECT_EQ(tree.max_depth(), 59);
  for (int32_t w = 0; w + 1 < 60; ++w) EXPECT_EQ(tree.depth(w), w + 1);
  EXPECT_EQ(tree.depth(59), 59);
  ExpectWellFormed(counts);
}

// p(w | h) from the objective itself: a Step at lr = 0 with w as the one
// positive returns -log p(w | h).
class TreeProbabilityTest
    : public ::testing::TestWithParam<std::vector<int64_t>> {};

TEST_P(TreeProbabilityTest, SumsToOneOverTheVocabulary) {
  const std::vector<int64_t>& counts = GetParam();
  const int32_t v = static_cast<int32_t>(counts.size());
  const int dim = 8;
  const AliasSampler noise = *AliasSampler::Create(counts, 0.75);
  const std::unique_ptr<Objective> hs =
      *CreateObjective("hs", ObjectiveOptions(), noise, counts);
  const int64_t rows = FindObjective("hs")->output_rows(v);
  ASSERT_EQ(rows, v - 1);
  Matrix nodes(std::max<int64_t>(rows, 1), dim), hidden(1, dim), grad(1, dim);
  Rng rng(77);
  for (int64_t n = 0; n < rows; ++n) {
    for (int d = 0; d < dim; ++d) nodes.row(n)[d] = rng.UniformFloat() - 0.5f;
  }
  auto workspace = hs->NewWorkspace(
      {.max_rows = 1, .max_positives = 1, .stride = nodes.stride()});
  OutputParams params{
      .vectors = nodes.data(), .stride = nodes.stride(), .vocab_size = v};
  for (int trial = 0; trial < 5; ++trial) {
    for (int d = 0; d < dim; ++d) {
      hidden.row(0)[d] = 4.0f * (rng.UniformFloat() - 0.5f);
    }
    double total = 0;
    for (int32_t w = 0; w < v; ++w) {
      const int32_t begin[2] = {0, 1};
      Batch batch{.rows = 1,
                  .hidden = hidden.data(),
                  .hidden_grad = grad.data(),
                  .positive_begin = begin,
                  .positives = &w};
      const StepResult step = hs->Step(batch, 0.0f, params, *workspace, rng);
      ASSERT_EQ(step.pairs, 1);
      total += std::exp(-step.loss);
    }
    EXPECT_NEAR(total, 1.0, 1e-5) << "trial " << trial;
  }
}

std::vector<std::vector<int64_t>> Vocabularies() {
  std::vector<int64_t> zipf, deep;
  for (int w = 0; w < 2000; ++w) zipf.push_back(100000 / (w + 1) + 1);
  for (int i = 40; i >= 0; --i) deep.push_back(int64_t{1} << i);
  return {zipf, deep, {7}, {3, 1}};
}

INSTANTIATE_TEST_SUITE_P(Vocabularies, TreeProbabilityTest,
                         ::testing::ValuesIn(Vocabularies()));

}  // namespace
}  // namespace nce2vec
