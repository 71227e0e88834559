#include "src/trainer/progress_printer.h"

#include <unistd.h>

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace nce2vec {
namespace {

std::string FormatDuration(double seconds) {
  const int64_t s = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
  if (s >= 3600) return absl::StrFormat("%dh%02dm", s / 3600, s % 3600 / 60);
  if (s >= 60) return absl::StrFormat("%dm%02ds", s / 60, s % 60);
  return absl::StrFormat("%ds", s);
}

std::string FormatRate(double rate) {
  if (rate >= 1e6) return absl::StrFormat("%.2fM", rate / 1e6);
  if (rate >= 1e3) return absl::StrFormat("%.1fk", rate / 1e3);
  return absl::StrFormat("%.0f", rate);
}

}  // namespace

std::string FormatProgress(const TrainProgress& p) {
  const std::string processes =
      p.processes > 1
          ? absl::StrFormat("  words/s %s (%d processes)",
                            FormatRate(p.words_per_sec), p.processes)
          : "";
  return absl::StrFormat(
      "%5.1f%%  words/s/thread %s%s  lr %.5f  loss %.4f  elapsed %s  ETA %s",
      100 * p.fraction, FormatRate(p.words_per_sec_per_thread), processes, p.lr,
      p.loss, FormatDuration(p.seconds), FormatDuration(p.eta_seconds));
}

TrainHooks ProgressPrinterHooks(std::FILE* out, const std::string& label,
                                double interval_seconds) {
  const bool terminal = isatty(fileno(out));
  TrainHooks hooks;
  hooks.interval_seconds = terminal ? 1.0 : interval_seconds;
  hooks.progress = [out, label, terminal](const TrainProgress& p, bool final) {
    const std::string line =
        absl::StrCat(label.empty() ? "" : label + "  ", FormatProgress(p));
    if (terminal) {
      absl::FPrintF(out, "\r\033[K%s%s", line, final ? "\n" : "");
    } else {
      absl::FPrintF(out, "%s\n", line);
    }
    std::fflush(out);
  };
  return hooks;
}

}  // namespace nce2vec
