#include "src/objectives/huffman_tree.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace nce2vec {
namespace {

// Weights saturate instead of wrapping; a vocabulary's counts sum to less
// than 2^63, so this only matters for counts nobody trains on.
uint64_t SaturatingAdd(uint64_t a, uint64_t b) {
  return a > std::numeric_limits<uint64_t>::max() - b
             ? std::numeric_limits<uint64_t>::max()
             : a + b;
}

}  // namespace

HuffmanTree HuffmanTree::Build(absl::Span<const int64_t> counts) {
  HuffmanTree tree;
  const int32_t v = static_cast<int32_t>(counts.size());
  if (v == 0) return tree;
  auto count = [&](int32_t word) {
    return static_cast<uint64_t>(std::max<int64_t>(0, counts[word]));
  };
  // The leaf queue, lightest first.
  std::vector<int32_t> leaves(v);
  for (int32_t i = 0; i < v; ++i) leaves[i] = v - 1 - i;
  if (!std::is_sorted(counts.begin(), counts.end(), std::greater<>())) {
    std::stable_sort(leaves.begin(), leaves.end(),
                     [&](int32_t a, int32_t b) { return count(a) < count(b); });
  }

  // Node ids while building: word w is w, the k-th inner node created is
  // v + k; the last one created is the root.
  const int32_t nodes = 2 * v - 1;
  std::vector<uint64_t> weight(v - 1);
  std::vector<int32_t> parent(nodes, -1);
  std::vector<uint8_t> branch(nodes, 0);
  int32_t next_leaf = 0;
  int32_t next_inner = 0;
  for (int32_t k = 0; k < v - 1; ++k) {
    int32_t pair[2];
    for (int32_t& taken : pair) {
      // Inner nodes 0..k-1 exist; a leaf wins a tie.
      if (next_leaf < v &&
          (next_inner == k || count(leaves[next_leaf]) <= weight[next_inner])) {
        taken = leaves[next_leaf++];
      } else {
        taken = v + next_inner++;
      }
    }
    auto weight_of = [&](int32_t node) {
      return node < v ? count(node) : weight[node - v];
    };
    weight[k] = SaturatingAdd(weight_of(pair[0]), weight_of(pair[1]));
    for (int side = 0; side < 2; ++side) {
      parent[pair[side]] = v + k;
      branch[pair[side]] = static_cast<uint8_t>(side);
    }
  }

  // Depths from the root down (a parent is created after its children),
  // then each word's path written from its leaf up, so root first.
  const int32_t root = nodes - 1;
  std::vector<int32_t> depth(nodes, 0);
  for (int32_t node = root - 1; node >= 0; --node) {
    depth[node] = depth[parent[node]] + 1;
  }
  tree.begin_.resize(static_cast<size_t>(v) + 1);
  for (int32_t w = 0; w < v; ++w) {
    tree.begin_[w + 1] = tree.begin_[w] + depth[w];
    tree.max_depth_ = std::max(tree.max_depth_, depth[w]);
  }
  tree.nodes_.resize(tree.begin_[v]);
  tree.codes_.resize(tree.begin_[v]);
  for (int32_t w = 0; w < v; ++w) {
    int64_t at = tree.begin_[w + 1];
    for (int32_t node = w; node != root; node = parent[node]) {
      --at;
      // Renumbered by descending weight: the root (created last) is 0.
      tree.nodes_[at] = root - parent[node];
      tree.codes_[at] = branch[node];
    }
  }
  return tree;
}

}  // namespace nce2vec
