#include "src/distributed/mpi/mpi_world.h"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <thread>

#include "absl/strings/str_cat.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// MPI counts are ints: larger buffers go in pieces of this many elements.
constexpr size_t kMostPerCall = size_t{1} << 30;

// How often a process waiting for a collective operation looks at it.
constexpr std::chrono::microseconds kPollEvery{50};

absl::Status MpiError(int code, absl::string_view call) {
  if (code == MPI_SUCCESS) return absl::OkStatus();
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  return absl::UnavailableError(
      absl::StrCat(call, " failed: ", absl::string_view(text, length)));
}

// Starts a nonblocking MPI operation and waits for it, sleeping between
// looks. A blocking call polls without rest, and the waiting thread (the
// companion, waiting for the slowest process) then takes a core from the
// training threads: on 2 cores with 2 processes, a blocking 4 MB allreduce
// every 0.1 s cost a busy thread beside it 35-45% of its speed, this wait
// a few percent. MPI moves a nonblocking operation on only inside MPI
// calls, so each look is also a step of the operation.
template <typename Start>
absl::Status Run(Start start, absl::string_view call) {
  MPI_Request request;
  RETURN_IF_ERROR(MpiError(start(&request), call));
  while (true) {
    int done = 0;
    RETURN_IF_ERROR(
        MpiError(MPI_Test(&request, &done, MPI_STATUS_IGNORE), call));
    if (done) return absl::OkStatus();
    std::this_thread::sleep_for(kPollEvery);
  }
}

class MpiCommunicator : public Communicator {
 public:
  MpiCommunicator(MPI_Comm comm, int rank, int size)
      : comm_(comm), rank_(rank), size_(size) {}
  ~MpiCommunicator() override {
    MPI_Comm_free(&comm_);
    MPI_Finalize();
  }
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  absl::Status SumFloats(const float* mine, float* sum, size_t n) override {
    for (size_t done = 0; done < n; done += kMostPerCall) {
      const int count = static_cast<int>(std::min(kMostPerCall, n - done));
      RETURN_IF_ERROR(Run(
          [&](MPI_Request* request) {
            return MPI_Iallreduce(mine + done, sum + done, count, MPI_FLOAT,
                                  MPI_SUM, comm_, request);
          },
          "MPI_Iallreduce"));
    }
    return absl::OkStatus();
  }

  absl::Status AllGather(absl::Span<const int64_t> mine,
                         std::vector<int64_t>& all) override {
    all.resize(mine.size() * size_);
    const int count = static_cast<int>(mine.size());
    return Run(
        [&](MPI_Request* request) {
          return MPI_Iallgather(mine.data(), count, MPI_INT64_T, all.data(),
                                count, MPI_INT64_T, comm_, request);
        },
        "MPI_Iallgather");
  }

  absl::StatusOr<std::vector<std::string>> Gather(
      absl::string_view mine) override {
    const int64_t length = static_cast<int64_t>(mine.size());
    std::vector<int64_t> lengths(rank_ == 0 ? size_ : 0);
    RETURN_IF_ERROR(Run(
        [&](MPI_Request* request) {
          return MPI_Igather(&length, 1, MPI_INT64_T, lengths.data(), 1,
                             MPI_INT64_T, 0, comm_, request);
        },
        "MPI_Igather"));
    std::vector<int> counts(lengths.size());
    std::vector<int> offsets(lengths.size());
    int64_t total = 0;
    for (size_t r = 0; r < lengths.size(); ++r) {
      counts[r] = static_cast<int>(lengths[r]);
      offsets[r] = static_cast<int>(total);
      total += lengths[r];
    }
    // Every process learns whether the gather fits MPI's int offsets, so
    // that all of them fail together rather than hang.
    int64_t too_big = total > INT_MAX;
    RETURN_IF_ERROR(BroadcastInt(&too_big));
    if (too_big) {
      return absl::ResourceExhaustedError(
          "more than 2 GiB to gather at rank 0 at once");
    }
    std::string bytes(rank_ == 0 ? total : 0, '\0');
    RETURN_IF_ERROR(Run(
        [&](MPI_Request* request) {
          return MPI_Igatherv(mine.data(), static_cast<int>(length), MPI_CHAR,
                              bytes.data(), counts.data(), offsets.data(),
                              MPI_CHAR, 0, comm_, request);
        },
        "MPI_Igatherv"));
    std::vector<std::string> all;
    for (size_t r = 0; r < lengths.size(); ++r) {
      all.push_back(bytes.substr(offsets[r], counts[r]));
    }
    return all;
  }

  absl::Status Broadcast(std::string& bytes) override {
    int64_t length = static_cast<int64_t>(bytes.size());
    RETURN_IF_ERROR(BroadcastInt(&length));
    bytes.resize(length);
    for (size_t done = 0; done < bytes.size(); done += kMostPerCall) {
      const int count =
          static_cast<int>(std::min(kMostPerCall, bytes.size() - done));
      RETURN_IF_ERROR(Run(
          [&](MPI_Request* request) {
            return MPI_Ibcast(bytes.data() + done, count, MPI_CHAR, 0, comm_,
                              request);
          },
          "MPI_Ibcast"));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status BroadcastInt(int64_t* value) {
    return Run(
        [&](MPI_Request* request) {
          return MPI_Ibcast(value, 1, MPI_INT64_T, 0, comm_, request);
        },
        "MPI_Ibcast");
  }

  MPI_Comm comm_;
  const int rank_;
  const int size_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Communicator>> JoinMpiWorld() {
  int provided = 0;
  RETURN_IF_ERROR(MpiError(
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided),
      "MPI_Init_thread"));
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    return absl::FailedPreconditionError(absl::StrCat(
        "the MPI library offers thread level ", provided,
        ", below MPI_THREAD_SERIALIZED, which training across processes "
        "needs (its model merging runs on a thread of its own)"));
  }
  // Errors come back as codes, so that a failure is reported as one.
  MPI_Comm comm;
  absl::Status status =
      MpiError(MPI_Comm_dup(MPI_COMM_WORLD, &comm), "MPI_Comm_dup");
  if (status.ok()) {
    status = MpiError(MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN),
                      "MPI_Comm_set_errhandler");
  }
  int rank = 0;
  int size = 1;
  if (status.ok()) {
    status = MpiError(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank");
  }
  if (status.ok()) {
    status = MpiError(MPI_Comm_size(comm, &size), "MPI_Comm_size");
  }
  if (!status.ok()) {
    MPI_Finalize();
    return status;
  }
  return std::make_unique<MpiCommunicator>(comm, rank, size);
}

std::string MpiLibraryVersion() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(text, &length);
  absl::string_view version(text, length);
  version = version.substr(0, version.find_first_of(",\n"));
  return std::string(version);
}

}  // namespace nce2vec
