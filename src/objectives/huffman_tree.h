// The Huffman tree of a vocabulary by word count, as hierarchical softmax
// uses it (Morin & Bengio 2005; Mikolov et al. 2013): each word is a leaf,
// each of the V - 1 inner nodes owns an output vector v_n, and
//   p(w | h) = Π over the inner nodes n on w's path of σ((1 - 2 b_n) v_n·h),
// with b_n in {0, 1} the branch taken at n. σ(x) + σ(-x) = 1 at every node,
// so p is normalised over the vocabulary by construction, and frequent words
// get short paths: the expected path length is the Huffman code's, within
// one bit of the words' entropy.
//
// Built in O(V) by the two-queue method: the leaves in ascending count and
// the inner nodes in the order they are created, which is ascending weight;
// each merge takes the two lightest heads, a leaf before an inner node of the
// same weight (that keeps the tree as shallow as Huffman trees go). Paths of
// any depth are stored (a vocabulary of V words has depth < V; word2vec.c
// cuts codes at 40 bits), flat, root first.
//
// Inner nodes are numbered by descending weight: node 0 is the root, and the
// nodes near it, which every path crosses, come first, as the most frequent
// words do among the word ids. Node n is row n of the output matrix.
//
// Immutable once built; safe to share between threads.
#ifndef NCE2VEC_OBJECTIVES_HUFFMAN_TREE_H_
#define NCE2VEC_OBJECTIVES_HUFFMAN_TREE_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace nce2vec {

class HuffmanTree {
 public:
  HuffmanTree() = default;
  // `counts[w]` is word w's count (non-negative, any order; a vocabulary's
  // are descending, which spares a sort). An empty vocabulary gives an
  // empty tree, one word a tree without inner nodes (p(w | h) = 1).
  static HuffmanTree Build(absl::Span<const int64_t> counts);

  int32_t words() const { return static_cast<int32_t>(begin_.size()) - 1; }
  int32_t inner_nodes() const { return words() > 0 ? words() - 1 : 0; }
  int depth(int32_t word) const {
    return static_cast<int>(begin_[word + 1] - begin_[word]);
  }
  int max_depth() const { return max_depth_; }
  // The inner nodes from the root down to `word`'s leaf, and the branch
  // taken at each (0 or 1).
  absl::Span<const int32_t> path(int32_t word) const {
    return {nodes_.data() + begin_[word], static_cast<size_t>(depth(word))};
  }
  absl::Span<const uint8_t> code(int32_t word) const {
    return {codes_.data() + begin_[word], static_cast<size_t>(depth(word))};
  }

  // What the tree holds (capacities), for the memory estimate.
  uint64_t bytes() const {
    return begin_.capacity() * sizeof(int64_t) +
           nodes_.capacity() * sizeof(int32_t) +
           codes_.capacity() * sizeof(uint8_t);
  }

 private:
  // Word w's path is nodes_[begin_[w] .. begin_[w + 1]), codes_ alike.
  std::vector<int64_t> begin_ = {0};
  std::vector<int32_t> nodes_;
  std::vector<uint8_t> codes_;
  int max_depth_ = 0;
};

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_HUFFMAN_TREE_H_
