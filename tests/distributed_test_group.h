// Several "processes" of a run as threads of one test: each thread takes a
// Communicator of the group, and their collective operations meet in
// memory. Lets the tests run the distributed code without mpirun.
#ifndef NCE2VEC_TESTS_DISTRIBUTED_TEST_GROUP_H_
#define NCE2VEC_TESTS_DISTRIBUTED_TEST_GROUP_H_

#include <condition_variable>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/distributed/communicator.h"

namespace nce2vec::testing {

class TestGroup {
 public:
  explicit TestGroup(int size) : size_(size), slots_(size) {}

  // Runs body(rank, comm) on `size` threads at once and waits for them.
  void Run(const std::function<void(int, Communicator&)>& body) {
    std::vector<std::thread> threads;
    for (int rank = 0; rank < size_; ++rank) {
      threads.emplace_back([this, rank, &body] {
        Member member(*this, rank);
        body(rank, member);
      });
    }
    for (std::thread& thread : threads) thread.join();
  }

 private:
  // Every member's bytes, once every member has given its own.
  std::vector<std::string> Exchange(int rank, std::string mine) {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t generation = generation_;
    slots_[rank] = std::move(mine);
    if (++arrived_ == size_) {
      result_ = slots_;
      arrived_ = 0;
      ++generation_;
      all_arrived_.notify_all();
    } else {
      all_arrived_.wait(lock, [&] { return generation_ != generation; });
    }
    return result_;
  }

  class Member : public Communicator {
   public:
    Member(TestGroup& group, int rank) : group_(group), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return group_.size_; }
    absl::Status SumFloats(const float* mine, float* sum, size_t n) override {
      const std::vector<std::string> all = group_.Exchange(
          rank_,
          std::string(reinterpret_cast<const char*>(mine), n * sizeof(float)));
      std::vector<float> theirs(n);
      std::fill(sum, sum + n, 0.0f);
      for (const std::string& bytes : all) {
        std::memcpy(theirs.data(), bytes.data(), bytes.size());
        for (size_t i = 0; i < n; ++i) sum[i] += theirs[i];
      }
      return absl::OkStatus();
    }
    absl::Status AllGather(absl::Span<const int64_t> mine,
                           std::vector<int64_t>& all) override {
      all.clear();
      for (const std::string& bytes : group_.Exchange(
               rank_, std::string(reinterpret_cast<const char*>(mine.data()),
                                  mine.size() * sizeof(int64_t)))) {
        const auto* values = reinterpret_cast<const int64_t*>(bytes.data());
        all.insert(all.end(), values, values + mine.size());
      }
      return absl::OkStatus();
    }
    absl::StatusOr<std::vector<std::string>> Gather(
        absl::string_view mine) override {
      std::vector<std::string> all = group_.Exchange(rank_, std::string(mine));
      if (rank_ != 0) all.clear();
      return all;
    }
    absl::Status Broadcast(std::string& bytes) override {
      bytes = group_.Exchange(rank_, bytes)[0];
      return absl::OkStatus();
    }

   private:
    TestGroup& group_;
    const int rank_;
  };

  const int size_;
  std::mutex mutex_;
  std::condition_variable all_arrived_;
  std::vector<std::string> slots_;   // guarded by mutex_
  std::vector<std::string> result_;  // guarded by mutex_
  int arrived_ = 0;                  // guarded by mutex_
  uint64_t generation_ = 0;          // guarded by mutex_
};

}  // namespace nce2vec::testing

#endif  // NCE2VEC_TESTS_DISTRIBUTED_TEST_GROUP_H_
