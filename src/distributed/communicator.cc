#include "src/distributed/communicator.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// Marks a Status that came out of Agree.
constexpr absl::string_view kAgreedPayload = "nce2vec.distributed/agreed";

}  // namespace

absl::Status SingleProcess::SumFloats(const float* mine, float* sum, size_t n) {
  std::memcpy(sum, mine, n * sizeof(float));
  return absl::OkStatus();
}

absl::Status SingleProcess::AllGather(absl::Span<const int64_t> mine,
                                      std::vector<int64_t>& all) {
  all.assign(mine.begin(), mine.end());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> SingleProcess::Gather(
    absl::string_view mine) {
  return std::vector<std::string>{std::string(mine)};
}

absl::Status SingleProcess::Broadcast(std::string&) { return absl::OkStatus(); }

absl::Status Agree(Communicator& comm, const absl::Status& mine) {
  if (comm.size() == 1) return mine;
  std::vector<int64_t> codes;
  RETURN_IF_ERROR(
      comm.AllGather({static_cast<int64_t>(mine.raw_code())}, codes));
  const auto failed = [](int64_t code) { return code != 0; };
  const auto first = std::find_if(codes.begin(), codes.end(), failed);
  if (first == codes.end()) return absl::OkStatus();
  const int culprit = static_cast<int>(first - codes.begin());
  const int64_t failures = std::count_if(first, codes.end(), failed);
  // Gather and Broadcast are rooted at rank 0, which words the message.
  ASSIGN_OR_RETURN(std::vector<std::string> messages,
                   comm.Gather(mine.ok() ? "" : mine.message()));
  std::string message;
  if (comm.rank() == 0) {
    const bool all_alike =
        failures == comm.size() &&
        std::all_of(codes.begin(), codes.end(),
                    [&](int64_t code) { return code == *first; }) &&
        std::all_of(messages.begin(), messages.end(),
                    [&](const std::string& m) { return m == messages[0]; });
    const int64_t others = failures - 1;
    message = all_alike
                  ? messages[0]
                  : absl::StrCat(
                        "rank ", culprit, " of ", comm.size(), ": ",
                        messages[culprit],
                        others == 0
                            ? ""
                            : absl::StrCat(" (and ", others, " more rank",
                                           others == 1 ? "" : "s", " failed)"));
  }
  RETURN_IF_ERROR(comm.Broadcast(message));
  absl::Status agreed(static_cast<absl::StatusCode>(*first), message);
  agreed.SetPayload(kAgreedPayload, absl::Cord());
  return agreed;
}

bool IsAgreed(const absl::Status& status) {
  return status.GetPayload(kAgreedPayload).has_value();
}

absl::Status CheckSameEverywhere(Communicator& comm, absl::string_view what,
                                 absl::string_view bytes) {
  if (comm.size() == 1) return absl::OkStatus();
  const int64_t crc = static_cast<int64_t>(
      crc32_z(crc32(0, nullptr, 0),
              reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
  const int64_t length = static_cast<int64_t>(bytes.size());
  std::vector<int64_t> all;
  RETURN_IF_ERROR(comm.AllGather({length, crc}, all));
  for (int r = 1; r < comm.size(); ++r) {
    if (all[2 * r] != all[0] || all[2 * r + 1] != all[1]) {
      return absl::InternalError(absl::StrCat(
          what, " differs between the processes: rank 0 has ", all[0],
          " bytes with CRC-32 ", all[1], ", rank ", r, " has ", all[2 * r],
          " bytes with CRC-32 ", all[2 * r + 1]));
    }
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
