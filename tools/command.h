// The subcommands of the nce2vec binary. Each lives in its own
// tools/<name>_command.cc with the flags only it uses; flags shared by
// several commands live in tools/*_flags.cc.
#ifndef NCE2VEC_TOOLS_COMMAND_H_
#define NCE2VEC_TOOLS_COMMAND_H_

#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"

namespace nce2vec {

struct Command {
  absl::string_view name;
  absl::string_view summary;
  // Base names of the files whose ABSL_FLAGs this command accepts.
  std::vector<absl::string_view> flag_files;
  // Runs with flags already parsed; `args` are the positional arguments.
  absl::Status (*run)(const std::vector<char*>& args);
};

// The list of commands (tools/commands.cc).
const std::vector<Command>& Commands();

// Entry points, one per command file.
absl::Status RunVocab(const std::vector<char*>& args);
absl::Status RunNn(const std::vector<char*>& args);
absl::Status RunAnalogy(const std::vector<char*>& args);
absl::Status RunEval(const std::vector<char*>& args);
absl::Status RunTrain(const std::vector<char*>& args);
absl::Status RunBench(const std::vector<char*>& args);

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_COMMAND_H_
