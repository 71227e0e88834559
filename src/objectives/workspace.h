// How a workspace is sized and counted by one piece of code. A workspace
// type lists its buffers and their sizes once, in
//   void Walk(BufferPass& pass)   // pass(buffer, size) for each buffer
// and that one function is walked three ways: to allocate the buffers
// (NewWorkspaceOf), to count the bytes they will take before anything is
// allocated (PlannedBytesOf, for the memory estimate), and to count the
// bytes a built workspace holds (Workspace::HeldBytes, which tests compare
// with the plan). The estimate therefore cannot drift from the layout.
#ifndef NCE2VEC_OBJECTIVES_WORKSPACE_H_
#define NCE2VEC_OBJECTIVES_WORKSPACE_H_

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "src/model/matrix.h"
#include "src/objectives/objective.h"

namespace nce2vec {

class BufferPass {
 public:
  enum class Kind { kAllocate, kCountPlanned, kCountHeld };

  explicit BufferPass(Kind kind) : kind_(kind) {}

  template <typename T>
  void operator()(std::vector<T>& buffer, int64_t size) {
    switch (kind_) {
      case Kind::kAllocate:
        buffer.assign(static_cast<size_t>(size), T());
        break;
      case Kind::kCountPlanned:
        bytes_ += static_cast<uint64_t>(size) * sizeof(T);
        break;
      case Kind::kCountHeld:
        bytes_ += buffer.capacity() * sizeof(T);
        break;
    }
  }

  // A matrix of `rows` rows of `stride` floats (a multiple of 16).
  void operator()(Matrix& matrix, int64_t rows, int64_t stride) {
    switch (kind_) {
      case Kind::kAllocate:
        matrix = Matrix(rows, stride);
        break;
      case Kind::kCountPlanned:
        bytes_ +=
            static_cast<uint64_t>(rows * PaddedStride(stride)) * sizeof(float);
        break;
      case Kind::kCountHeld:
        bytes_ += matrix.bytes();
        break;
    }
  }

  uint64_t bytes() const { return bytes_; }

 private:
  Kind kind_;
  uint64_t bytes_ = 0;
};

// The base of every workspace type W (which derives from
// WalkedWorkspace<W> and defines Walk). Its constructor records the sizes
// only; NewWorkspaceOf allocates.
template <typename W>
class WalkedWorkspace : public Workspace {
 public:
  uint64_t HeldBytes() const final {
    BufferPass pass(BufferPass::Kind::kCountHeld);
    // Counting reads the buffers only; Walk is shared with allocation, so
    // it is not const.
    const_cast<W&>(static_cast<const W&>(*this)).Walk(pass);
    return pass.bytes();
  }
};

template <typename W, typename... Args>
std::unique_ptr<Workspace> NewWorkspaceOf(Args&&... args) {
  auto workspace = std::make_unique<W>(std::forward<Args>(args)...);
  BufferPass pass(BufferPass::Kind::kAllocate);
  workspace->Walk(pass);
  return workspace;
}

template <typename W, typename... Args>
uint64_t PlannedBytesOf(Args&&... args) {
  W sizes_only(std::forward<Args>(args)...);
  BufferPass pass(BufferPass::Kind::kCountPlanned);
  sizes_only.Walk(pass);
  return pass.bytes();
}

}  // namespace nce2vec

#endif  // NCE2VEC_OBJECTIVES_WORKSPACE_H_
