// The subcommands of the nce2vec binary. Each lives in its own
// tools/<name>_command.cc; flags shared by several commands live in
// tools/*_flags.cc. Which flags a command accepts is the list of flag groups
// in tools/commands.cc, each group declared beside its flags' definitions.
#ifndef NCE2VEC_TOOLS_COMMAND_H_
#define NCE2VEC_TOOLS_COMMAND_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace nce2vec {

// Flags that go together, e.g. every flag that reads a corpus.
using FlagGroup = std::vector<const absl::CommandLineFlag*>;

template <typename... Flags>
FlagGroup MakeFlagGroup(const Flags&... flags) {
  return {&absl::GetFlagReflectionHandle(flags)...};
}

// What the command line gave a command.
struct Invocation {
  std::vector<char*> args;  // the positional arguments
  // The flags named on the command line, without "--" (and without "no" for
  // a boolean given as --noflag): a flag given at its default value is
  // given, unlike one left out.
  absl::flat_hash_set<std::string> given_flags;

  bool Given(absl::string_view flag) const {
    return given_flags.contains(flag);
  }
};

struct Command {
  absl::string_view name;
  absl::string_view summary;
  // The groups of flags this command accepts.
  std::vector<const FlagGroup& (*)()> flag_groups;
  // Runs with flags already parsed.
  absl::Status (*run)(const Invocation& invocation);
};

// The list of commands (tools/commands.cc).
const std::vector<Command>& Commands();

// Entry points, one per command file.
absl::Status RunVocab(const Invocation& invocation);
absl::Status RunNn(const Invocation& invocation);
absl::Status RunAnalogy(const Invocation& invocation);
absl::Status RunEval(const Invocation& invocation);
absl::Status RunVectors(const Invocation& invocation);
absl::Status RunTrain(const Invocation& invocation);
absl::Status RunBench(const Invocation& invocation);

// The flags each command file defines for itself (nn's are also analogy's).
const FlagGroup& NnFlags();
const FlagGroup& AnalogyFlags();
const FlagGroup& EvalFlags();
const FlagGroup& TrainCommandFlags();
const FlagGroup& BenchFlags();

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_COMMAND_H_
