// nce2vec: word-vector training with a choice of objectives.
//
// Only this file turns a Status into an exit code: 0 on success, 2 for a
// usage error (InvalidArgument: a flag, argument or file name the command
// cannot take), 130 when interrupted (Cancelled), 1 for every other failure
// (the contents of a corpus, vocabulary or vector file are wrong (DataLoss),
// training diverged (Aborted), or the system refused).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "tools/command.h"
#include "tools/flag_wording.h"
#include "tools/version.h"

namespace nce2vec {
namespace {

constexpr int kUsageError = 2;
// The shell's status for a process ended by SIGINT (128 + 2).
constexpr int kInterrupted = 130;

const Command* FindCommand(absl::string_view name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

bool FlagBelongsTo(const absl::CommandLineFlag& flag, const Command& command) {
  for (const auto group : command.flag_groups) {
    for (const absl::CommandLineFlag* member : group()) {
      if (member->Name() == flag.Name()) return true;
    }
  }
  return false;
}

void PrintCommands() {
  std::printf(
      "nce2vec: train word vectors and compare training objectives.\n\n"
      "usage: nce2vec COMMAND [--flag=value ...]\n\ncommands:\n");
  for (const Command& command : Commands()) {
    std::printf("  %-10.*s %.*s\n", static_cast<int>(command.name.size()),
                command.name.data(), static_cast<int>(command.summary.size()),
                command.summary.data());
  }
  std::printf(
      "\n'nce2vec help COMMAND' lists a command's flags; 'nce2vec "
      "--version' prints the version and the build's options.\n");
}

void PrintCommandHelp(const Command& command) {
  std::printf("nce2vec %.*s: %.*s\n\nflags:\n",
              static_cast<int>(command.name.size()), command.name.data(),
              static_cast<int>(command.summary.size()), command.summary.data());
  std::vector<const absl::CommandLineFlag*> flags;
  for (const auto group : command.flag_groups) {
    flags.insert(flags.end(), group().begin(), group().end());
  }
  std::sort(flags.begin(), flags.end(),
            [](const auto* a, const auto* b) { return a->Name() < b->Name(); });
  for (const absl::CommandLineFlag* flag : flags) {
    const std::string name(flag->Name());
    std::printf(
        "  --%s (default: %s)\n      %s\n", name.c_str(),
        flag->DefaultValue().empty() ? "\"\"" : flag->DefaultValue().c_str(),
        flag->Help().c_str());
  }
}

// absl accepts every flag linked into the binary; a command accepts only its
// own, so that a flag meant for another command is an error, not ignored.
// Records the flags given in `given`.
absl::Status ScanFlags(const Command& command, int argc, char** argv,
                       absl::flat_hash_set<std::string>& given) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--") break;
    if (!absl::StartsWith(arg, "-") || arg == "-") continue;
    arg.remove_prefix(absl::StartsWith(arg, "--") ? 2 : 1);
    absl::string_view name = arg.substr(0, arg.find('='));
    if (name == "help" || name == "helpfull") continue;
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr && absl::StartsWith(name, "no")) {
      flag = absl::FindCommandLineFlag(name.substr(2));
    }
    if (flag == nullptr || !FlagBelongsTo(*flag, command)) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, " for 'nce2vec ", command.name,
                       "'; 'nce2vec help ", command.name, "' lists its flags"));
    }
    given.insert(std::string(flag->Name()));
    // "--window -1": absl takes the next argument as the value of a
    // non-boolean flag; it is a value even when it starts with '-', and is
    // checked by the command, not mistaken for a flag here.
    if (arg.find('=') == absl::string_view::npos && !flag->IsOfType<bool>()) {
      ++i;
    }
  }
  return absl::OkStatus();
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage("nce2vec COMMAND [--flag=value ...]");
  if (argc >= 2 && absl::string_view(argv[1]) == "--version") {
    if (argc > 2) {
      std::fprintf(stderr, "nce2vec: --version takes no arguments, got '%s'\n",
                   argv[2]);
      return kUsageError;
    }
    std::fputs(VersionText().c_str(), stdout);
    return 0;
  }
  if (argc < 2 || absl::string_view(argv[1]) == "--help" ||
      absl::string_view(argv[1]) == "-h" ||
      absl::string_view(argv[1]) == "help") {
    if (argc >= 3 && absl::string_view(argv[1]) == "help") {
      const Command* command = FindCommand(argv[2]);
      if (command == nullptr) {
        std::fprintf(stderr, "nce2vec: unknown command '%s'\n", argv[2]);
        return kUsageError;
      }
      PrintCommandHelp(*command);
      return 0;
    }
    PrintCommands();
    return argc < 2 ? kUsageError : 0;
  }
  const Command* command = FindCommand(argv[1]);
  if (command == nullptr) {
    std::fprintf(stderr,
                 "nce2vec: unknown command '%s'; 'nce2vec --help' lists "
                 "them\n",
                 argv[1]);
    return kUsageError;
  }
  // The command's own argv: its name stands in for the program name.
  std::vector<char*> command_argv(argv + 1, argv + argc);
  for (char* arg : command_argv) {
    if (absl::string_view(arg) == "--help" || absl::string_view(arg) == "-h") {
      PrintCommandHelp(*command);
      return 0;
    }
  }
  Invocation invocation;
  if (absl::Status s = ScanFlags(*command, command_argv.size(),
                                 command_argv.data(), invocation.given_flags);
      !s.ok()) {
    std::fprintf(stderr, "nce2vec %s: %s\n", argv[1],
                 std::string(s.message()).c_str());
    return kUsageError;
  }
  invocation.args =
      absl::ParseCommandLine(command_argv.size(), command_argv.data());
  invocation.args.erase(invocation.args.begin());
  const absl::Status status = command->run(invocation);
  if (!status.ok()) {
    // The library names settings as fields; here they are flags.
    if (!IsReportedElsewhere(status)) {
      std::fprintf(stderr, "nce2vec %s: error: %s\n", argv[1],
                   FlagWording(status.message()).c_str());
    }
    if (absl::IsCancelled(status)) return kInterrupted;
    return absl::IsInvalidArgument(status) ? kUsageError : 1;
  }
  return 0;
}

}  // namespace
}  // namespace nce2vec

int main(int argc, char** argv) { return nce2vec::Main(argc, argv); }
